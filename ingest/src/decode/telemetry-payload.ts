import type { DeviceKindSpec } from '@kendali/contracts';
import { jsonRecords, parseJsonPayload, type DecodeLimits, type DecodeResult } from './json';
import { decodeSenml, looksLikeSenml } from './senml';

/**
 * Decodes a telemetry payload for a device of kind `spec`: SenML JSON (RFC 8428) when its records
 * carry SenML labels, otherwise Kendali JSON (an object of fields or a batch of them). `nowMs`
 * resolves SenML's relative times.
 */
export function decodeTelemetryPayload(payload: Buffer, spec: DeviceKindSpec, limits: DecodeLimits, nowMs: number): DecodeResult {
  const parsed = parseJsonPayload(payload, limits);
  if (!parsed.ok) return parsed;
  return looksLikeSenml(parsed.value) ? decodeSenml(parsed.value, spec, limits, nowMs) : jsonRecords(parsed.value, limits);
}
