import { describe, expect, it } from 'vitest';
import { builtInKinds, requireKind, type Reading } from '@kendali/contracts';
import { planPieces } from './influx-across';
import { rollupStatements, type InfluxLayout } from './influx-rollups';
import { deviceCondition } from './influxql';
import { readingFromLine, readingLine } from './reading-lines';
import { WaitingReadings } from './waiting-readings';

const traffic = requireKind(builtInKinds, 'traffic');

const minuteMs = 60_000;
const hourMs = 3_600_000;

describe('which tier answers which part of a range', () => {
  it('reads whole hours before the hourly watermark, whole minutes before the minute one, and the rest raw', () => {
    const from = 10 * hourMs + 30 * minuteMs + 15_000; // 10:30:15
    const to = 15 * hourMs + 20 * minuteMs; // 15:20
    const pieces = planPieces(from, to, [{ tier: '1h', watermarkMs: 14 * hourMs }, { tier: '1m', watermarkMs: 15 * hourMs + 5 * minuteMs }]);
    expect(pieces).toEqual([
      { tier: 'raw', fromMs: from, toMs: 10 * hourMs + 31 * minuteMs },
      { tier: '1m', fromMs: 10 * hourMs + 31 * minuteMs, toMs: 11 * hourMs },
      { tier: '1h', fromMs: 11 * hourMs, toMs: 14 * hourMs },
      { tier: '1m', fromMs: 14 * hourMs, toMs: 15 * hourMs + 5 * minuteMs },
      { tier: 'raw', fromMs: 15 * hourMs + 5 * minuteMs, toMs: to },
    ]);
  });

  it('reads raw readings where no roll-up exists yet', () => {
    expect(planPieces(0, hourMs, [{ tier: '1m', watermarkMs: undefined }])).toEqual([{ tier: 'raw', fromMs: 0, toMs: hourMs }]);
    expect(planPieces(hourMs, hourMs, [])).toEqual([]);
  });
});

describe('the statements sent (the shapes 2.x and 3.x must accept too)', () => {
  const layout: InfluxLayout = { rollupsReadable: true, measurement: (tier, kind) => `"kota"."${tier === 'raw' ? 'rp_raw' : `rp_${tier}`}"."${kind}"` };

  it('rolls a kind up into sums, counts, extremes, last values and counts of true', () => {
    const [minutes, trues] = rollupStatements(layout, traffic, '1m', '', '1m');
    expect(minutes).toMatch(/^SELECT sum\("vehicleCount"\) AS "vehicleCount_sum", min\("vehicleCount"\) AS "vehicleCount_min", max\("vehicleCount"\) AS "vehicleCount_max", count\("vehicleCount"\) AS "vehicleCount_count", last\("vehicleCount"\) AS "vehicleCount_last", /);
    expect(minutes).toContain(', count("congested") AS "congested_count", last("congested") AS "congested_last" ');
    expect(minutes).not.toContain('sum("congested")'); // InfluxQL has no sum of booleans
    expect(minutes).toMatch(/ INTO "kota"."rp_1m"."traffic" FROM "kota"."rp_raw"."traffic" GROUP BY time\(1m\), \*$/);
    expect(trues).toBe('SELECT count("congested") AS "congested_true" INTO "kota"."rp_1m"."traffic" FROM "kota"."rp_raw"."traffic" WHERE "congested" = true GROUP BY time(1m), *');
    const [hours, ...none] = rollupStatements(layout, traffic, '1h', 'time >= 0ms AND time < 3600000ms', '1h');
    expect(none).toEqual([]);
    expect(hours).toContain('sum("vehicleCount_sum") AS "vehicleCount_sum"');
    expect(hours).toContain('sum("congested_true") AS "congested_true"');
    expect(hours).toMatch(/FROM "kota"."rp_1m"."traffic" WHERE time >= 0ms AND time < 3600000ms GROUP BY time\(1h\), \*$/);
  });

  it('matches one device by equality and many by one anchored, escaped alternation', () => {
    expect(deviceCondition(['wl-1'])).toBe(`"deviceId" = 'wl-1'`);
    expect(deviceCondition(['a.b', 'c/d', 'e|f'])).toBe('"deviceId" =~ /^(?:a\\.b|c\\/d|e\\|f)$/');
  });
});

describe('readings waiting in the spool', () => {
  const reading = (deviceId: string, ts: number, fields: Reading['fields']): Reading => ({ deviceId, kind: 'traffic', district: 'Karang Tengah', ts, receivedAt: ts + 5, fields });

  it('reads a spooled line back as the reading it stores', () => {
    const one = reading('tr 1,a=b', 1_700_000_000_123, { vehicleCount: 42, occupancy: 0.5, congested: true });
    expect(readingFromLine(readingLine(one, traffic), builtInKinds)).toEqual({ ...one, receivedAt: one.ts });
  });

  it('merges one device and time, orders by time then device, and forgets what was forwarded, oldest first', () => {
    const waiting = new WaitingReadings(10);
    waiting.add([reading('b', 2, { vehicleCount: 1 }), reading('a', 2, { vehicleCount: 2 })]);
    waiting.add([reading('b', 2, { occupancy: 0.5 }), reading('a', 1, { vehicleCount: 3 })]);
    const all = { kind: 'traffic' as const, deviceIds: new Set(['a', 'b']), fromMs: 0, toMs: 10 };
    expect(waiting.select(all).map((r) => [r.deviceId, r.ts, r.fields])).toEqual([['a', 1, { vehicleCount: 3 }], ['a', 2, { vehicleCount: 2 }], ['b', 2, { vehicleCount: 1, occupancy: 0.5 }]]);
    waiting.remove(3);
    expect(waiting.select(all).map((r) => r.ts)).toEqual([1]);
  });

  it('past its bound only counts what waits, until the backlog drains', () => {
    const waiting = new WaitingReadings(2);
    waiting.add([reading('a', 1, {}), reading('a', 2, {})]);
    waiting.add([reading('a', 3, {})]);
    expect(waiting.unindexed).toBe(1);
    waiting.remove(3);
    expect(waiting.unindexed).toBe(0);
    waiting.add([reading('a', 4, {})]);
    expect(waiting.select({ kind: 'traffic', deviceIds: new Set(['a']), fromMs: 0, toMs: 10 }).map((r) => r.ts)).toEqual([4]);
  });

  it('keeps its order through a long backlog forwarded piece by piece, across chunks and their compaction', () => {
    const waiting = new WaitingReadings(100_000);
    const chunks = 5_000; // past the compaction point several times over
    for (let c = 0; c < chunks; c++) waiting.add([reading('a', 2 * c, { vehicleCount: c }), reading('a', 2 * c + 1, { vehicleCount: c })]);
    const everything = { kind: 'traffic' as const, deviceIds: new Set(['a']), fromMs: 0, toMs: 2 * chunks };
    let forwarded = 0;
    for (const step of [1, 3, 2_047, 1, 4_000, 2_500]) {
      waiting.remove(step); // a step may end inside a chunk
      forwarded += step;
      const left = waiting.select(everything);
      expect(left).toHaveLength(2 * chunks - forwarded);
      expect(left[0]?.ts).toBe(forwarded);
    }
    waiting.remove(2 * chunks); // more than waits: everything goes, nothing breaks
    expect(waiting.select(everything)).toEqual([]);
    waiting.add([reading('a', 7, {})]);
    expect(waiting.select(everything).map((r) => r.ts)).toEqual([7]);
  });
});
