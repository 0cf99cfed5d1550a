/** §4.5.3 of RFC 8428: SenML times below 2^28 s are relative and need no moving. */
const senmlRelativeLimitS = 2 ** 28;

/**
 * Moves the timestamps inside a telemetry payload by `shiftMs`: `ts` of a Kendali object or batch
 * (ms or ISO 8601), absolute `bt`/`t` of a SenML pack. Anything unreadable (a recorded malformed
 * message) is replayed as it was.
 */
export function restampPayload(payload: string, shiftMs: number): string {
  if (shiftMs === 0) return payload;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return payload;
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    if (typeof record.ts === 'number') record.ts = record.ts + shiftMs;
    else if (typeof record.ts === 'string' && !Number.isNaN(Date.parse(record.ts))) record.ts = new Date(Date.parse(record.ts) + shiftMs).toISOString();
    for (const label of ['bt', 't'] as const) {
      const value = record[label];
      if (typeof value === 'number' && Math.abs(value) >= senmlRelativeLimitS) record[label] = value + shiftMs / 1000;
    }
  }
  return JSON.stringify(parsed);
}
