import { reject, type Rejection } from '../rejection';

export type DecodeResult =
  | { readonly ok: true; readonly records: readonly Record<string, unknown>[] }
  | { readonly ok: false; readonly rejection: Rejection };

export interface DecodeLimits {
  /** Largest accepted payload, in bytes. */
  readonly maxPayloadBytes: number;
  /** Most readings one batch (JSON array, or the distinct times of a SenML pack) may carry. */
  readonly maxBatchLength: number;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses a telemetry payload as JSON. Size is checked before parsing so an oversized payload
 * costs no parse time.
 */
export function parseJsonPayload(
  payload: Buffer,
  limits: DecodeLimits,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly rejection: Rejection } {
  if (payload.length > limits.maxPayloadBytes) {
    return {
      ok: false,
      rejection: reject(
        'KENDALI_ERR_PAYLOAD_TOO_LARGE',
        `payload is ${payload.length} bytes; the limit is ${limits.maxPayloadBytes} bytes. Send fewer readings per message.`,
      ),
    };
  }
  try {
    return { ok: true, value: JSON.parse(payload.toString('utf8')) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, rejection: reject('KENDALI_ERR_PAYLOAD_MALFORMED', `payload is not valid JSON: ${detail}`) };
  }
}

/** A parsed payload as Kendali records: a JSON object of fields, or a JSON array of such objects (a batch). */
export function jsonRecords(parsed: unknown, limits: DecodeLimits): DecodeResult {
  if (isPlainObject(parsed)) return { ok: true, records: [parsed] };
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) {
      return { ok: false, rejection: reject('KENDALI_ERR_PAYLOAD_SHAPE', 'batch is an empty array; send at least one reading') };
    }
    if (parsed.length > limits.maxBatchLength) {
      return {
        ok: false,
        rejection: reject('KENDALI_ERR_PAYLOAD_TOO_LARGE', `batch has ${parsed.length} readings; the limit is ${limits.maxBatchLength}`),
      };
    }
    const bad = parsed.findIndex((item) => !isPlainObject(item));
    if (bad >= 0) {
      return { ok: false, rejection: reject('KENDALI_ERR_PAYLOAD_SHAPE', `batch item ${bad} is not a JSON object of fields`) };
    }
    return { ok: true, records: parsed as Record<string, unknown>[] };
  }
  return {
    ok: false,
    rejection: reject(
      'KENDALI_ERR_PAYLOAD_SHAPE',
      `payload is a JSON ${parsed === null ? 'null' : typeof parsed}; send an object of fields such as {"pm25": 21.4} or an array of them`,
    ),
  };
}

/** Decodes a telemetry payload of Kendali JSON: an object of fields, or an array of them (a batch). */
export function decodeJsonPayload(payload: Buffer, limits: DecodeLimits): DecodeResult {
  const parsed = parseJsonPayload(payload, limits);
  return parsed.ok ? jsonRecords(parsed.value, limits) : parsed;
}
