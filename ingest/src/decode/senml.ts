import type { DeviceKindSpec } from '@kendali/contracts';
import { reject } from '../rejection';
import type { DecodeLimits, DecodeResult } from './json';
import { isPlainObject } from './json';
import { resolveSenmlPack, senmlLabels } from './senml-resolve';

/**
 * Whether a parsed payload is SenML JSON (RFC 8428 §5): an array whose records carry SenML labels
 * (bn, bt, n, v, vb, vs, …). Kendali's own batches never use those names, so one such record
 * marks the whole array.
 */
export function looksLikeSenml(parsed: unknown): boolean {
  if (Array.isArray(parsed)) return parsed.some((item) => isPlainObject(item) && Object.keys(item).some((key) => senmlLabels.has(key)));
  return isPlainObject(parsed) && ('bn' in parsed || 'n' in parsed);
}

/**
 * Decodes a SenML pack into Kendali records for one device kind.
 *
 * Mapping: the resolved name's last segment (after the last ":" or "/") must be one of the kind's
 * field names, so `urn:dev:mac:0024befffe804ff1:waterLevelCm` and `waterLevelCm` both name
 * `waterLevelCm`; the rest of the name is the sender's business (the device is the topic's).
 * A unit (u, or the base unit bu) may be given only for a field with a SenML unit in the contract
 * and must equal it. Records of the same resolved time become one reading `{ ts, field: value }`.
 */
export function decodeSenml(parsed: unknown, spec: DeviceKindSpec, limits: DecodeLimits, nowMs: number): DecodeResult {
  if (!Array.isArray(parsed)) {
    return { ok: false, rejection: reject('KENDALI_ERR_SENML_INVALID', 'SenML JSON is an array of records (RFC 8428 §5); wrap the record in [ … ]') };
  }
  const resolved = resolveSenmlPack(parsed, nowMs);
  if (!resolved.ok) return resolved;

  const byTime = new Map<number, Record<string, unknown>>();
  for (const record of resolved.records) {
    const field = record.name.slice(Math.max(record.name.lastIndexOf(':'), record.name.lastIndexOf('/')) + 1);
    const fieldSpec = Object.hasOwn(spec.fields, field) ? spec.fields[field] : undefined;
    if (fieldSpec === undefined) {
      return unmapped(
        `record ${record.index}: "${record.name}" names no ${spec.kind} field; the part after the last ":" or "/" must be one of ${Object.keys(spec.fields).join(', ')}`,
      );
    }
    if (record.unit !== undefined && record.unit !== fieldSpec.senmlUnit) {
      return unmapped(
        fieldSpec.senmlUnit === undefined
          ? `record ${record.index}: ${field} takes no SenML unit (it is in ${fieldSpec.unit ?? 'no unit'}, which SenML does not register); leave out "u" and "bu" for it`
          : `record ${record.index}: ${field} is in "${fieldSpec.senmlUnit}", not "${record.unit}"`,
      );
    }
    const reading = byTime.get(record.timeMs) ?? { ts: record.timeMs };
    if (Object.hasOwn(reading, field)) {
      return { ok: false, rejection: reject('KENDALI_ERR_SENML_INVALID', `record ${record.index}: ${field} appears twice for the same time`) };
    }
    reading[field] = record.value;
    byTime.set(record.timeMs, reading);
  }
  if (byTime.size > limits.maxBatchLength) {
    return {
      ok: false,
      rejection: reject('KENDALI_ERR_PAYLOAD_TOO_LARGE', `SenML pack holds ${byTime.size} readings (distinct times); the limit is ${limits.maxBatchLength}`),
    };
  }
  return { ok: true, records: [...byTime.values()] };
}

function unmapped(message: string): DecodeResult {
  return { ok: false, rejection: reject('KENDALI_ERR_SENML_UNMAPPED', message) };
}
