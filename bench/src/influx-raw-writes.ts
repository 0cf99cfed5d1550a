import { builtInKinds, requireKind, type FieldValue, type Reading } from '@kendali/contracts';
import { readingLine } from '@kendali/ingest';
import { benchFleet } from './bench-fleet';

/** Lines like the pipeline's: the bench fleet's kinds, every field, one line per reading, distinct timestamps. */
export function benchLines(count: number, devices: number, seed: number): string[] {
  const fleet = benchFleet(devices, seed, 'mix');
  const baseMs = Date.now() - 3_600_000; // within the default retention, an hour back
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const device = fleet[i % fleet.length];
    if (device === undefined) break;
    const fields: Record<string, FieldValue> = {};
    for (const [name, spec] of Object.entries(requireKind(builtInKinds, device.kind).fields)) {
      const low = spec.min ?? 0;
      const high = spec.max ?? 100;
      fields[name] = spec.type === 'boolean' ? i % 2 === 0 : spec.type === 'integer' ? Math.round(low + ((i * 7) % (high - low + 1))) : low + ((i % 997) / 997) * (high - low);
    }
    const reading: Reading = { deviceId: device.id, kind: device.kind, district: device.district, ts: baseMs + Math.floor(i / fleet.length), receivedAt: 0, fields };
    lines.push(readingLine(reading, requireKind(builtInKinds, device.kind)));
  }
  return lines;
}

/**
 * The ceiling: batches of `batchLines` lines POSTed straight to `/write?precision=ms`, `inFlight`
 * requests at a time, no client library, no spool. Returns lines per second.
 */
export async function rawWriteRate(url: string, database: string, lines: readonly string[], batchLines: number, inFlight: number): Promise<number> {
  const bodies: string[] = [];
  for (let at = 0; at < lines.length; at += batchLines) bodies.push(lines.slice(at, at + batchLines).join('\n'));
  const target = `${url}/write?${new URLSearchParams({ db: database, precision: 'ms' }).toString()}`;
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      const response = await fetch(target, { method: 'POST', body });
      if (response.status !== 204) throw new Error(`raw write answered ${response.status}: ${await response.text()}`);
    }
  };
  const startedMs = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (lines.length * 1000) / (performance.now() - startedMs);
}
