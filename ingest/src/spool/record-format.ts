import { crc32 } from 'node:zlib';

/**
 * One spool record on disk: `[payload length: u32 LE][CRC-32 of the payload: u32 LE][payload]`.
 * The length prefix lets a reader find the next record without parsing the payload; the CRC
 * tells a whole record from one torn by a crash in the middle of a write (or by a bad sector).
 */
const recordHeaderBytes = 8;

/** Refuses absurd lengths read from a damaged header before anything is allocated for them. */
const maxRecordPayloadBytes = 16 * 1024 * 1024; // 16 MiB

export function encodeRecords(payloads: readonly Buffer[]): Buffer {
  let total = 0;
  for (const payload of payloads) total += recordHeaderBytes + payload.length;
  const framed = Buffer.allocUnsafe(total);
  let at = 0;
  for (const payload of payloads) {
    if (payload.length > maxRecordPayloadBytes) throw new RangeError(`spool record of ${payload.length} bytes exceeds ${maxRecordPayloadBytes}`);
    framed.writeUInt32LE(payload.length, at);
    framed.writeUInt32LE(crc32(payload), at + 4);
    payload.copy(framed, at + recordHeaderBytes);
    at += recordHeaderBytes + payload.length;
  }
  return framed;
}

export interface DecodedRecords {
  readonly payloads: Buffer[];
  /** Bytes of `chunk` taken by whole, valid records. */
  readonly validBytes: number;
  /** Why decoding stopped before the end of `chunk`: a record cut short, or one that fails its CRC. */
  readonly stop: 'end' | 'partial' | 'corrupt';
}

/** Decodes whole records from the start of `chunk`, at most `maxRecords` of them. */
export function decodeRecords(chunk: Buffer, maxRecords = Number.POSITIVE_INFINITY): DecodedRecords {
  const payloads: Buffer[] = [];
  let at = 0;
  while (at < chunk.length && payloads.length < maxRecords) {
    if (chunk.length - at < recordHeaderBytes) return { payloads, validBytes: at, stop: 'partial' };
    const length = chunk.readUInt32LE(at);
    if (length > maxRecordPayloadBytes) return { payloads, validBytes: at, stop: 'corrupt' };
    const end = at + recordHeaderBytes + length;
    if (end > chunk.length) return { payloads, validBytes: at, stop: 'partial' };
    const payload = chunk.subarray(at + recordHeaderBytes, end);
    if (crc32(payload) !== chunk.readUInt32LE(at + 4)) return { payloads, validBytes: at, stop: 'corrupt' };
    payloads.push(payload);
    at = end;
  }
  return { payloads, validBytes: at, stop: 'end' };
}

/** Length of the record starting at `at` (header included), or undefined if its header is incomplete. */
export function framedLength(chunk: Buffer, at: number): number | undefined {
  if (chunk.length - at < recordHeaderBytes) return undefined;
  return recordHeaderBytes + chunk.readUInt32LE(at);
}
