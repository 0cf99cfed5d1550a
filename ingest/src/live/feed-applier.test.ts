import { describe, expect, it } from 'vitest';
import type { FeedStatus, FeedTelemetry, Reading } from '@kendali/contracts';
import { FeedApplier } from './feed-applier';

const reading = (deviceId: string, ts: number, waterLevelCm: number): Reading => ({ deviceId, kind: 'water-level', district: 'Karawaci', ts, receivedAt: ts + 5, fields: { waterLevelCm } });
const telemetry = (deviceId: string, readings: Reading[], rejections: FeedTelemetry['rejections'] = []) => Buffer.from(JSON.stringify({ deviceId, receivedAt: 1_000_000, readings, rejections } satisfies FeedTelemetry));
const status = (deviceId: string, state: FeedStatus['state'], at: number) => Buffer.from(JSON.stringify({ deviceId, state, at } satisfies FeedStatus));

const holdMs = 1_000;

/** An applier over recorders of what reached the live state, the alarms and the rejection log, on a clock the test moves. */
function applier(registered = ['wl-1']) {
  const clock = { nowMs: 2_000_000, now: () => clock.nowMs };
  const seen = { stored: [] as number[], storedCount: [] as number[], alarms: [] as number[], heard: [] as string[], statuses: [] as string[], rejections: [] as string[] };
  const feed = new FeedApplier({
    registry: { get: (id: string) => (registered.includes(id) ? ({ id } as never) : undefined) },
    live: {
      heard: (deviceId) => seen.heard.push(deviceId),
      validated: (readings) => seen.stored.push(...readings.map((r) => r.ts)),
      stored: (count) => seen.storedCount.push(count),
      setStatus: (deviceId, state) => seen.statuses.push(`${deviceId}:${state}`),
    },
    alarms: { onReadings: (readings) => seen.alarms.push(...readings.map((r) => r.ts)) },
    rejections: { record: (deviceId, _at, rejections) => seen.rejections.push(...rejections.map((r) => `${deviceId}:${r.code}`)) },
    clock,
    reorderHoldMs: holdMs,
  });
  /** Moves the clock on by `ms` and applies what is due. */
  const after = (ms: number) => {
    clock.nowMs += ms;
    feed.flush(clock.nowMs);
  };
  return { feed, seen, after };
}

describe('FeedApplier', () => {
  it('applies each reading once: a message delivered again, held or applied, is counted as duplicates and applied to nothing', () => {
    const { feed, seen, after } = applier();
    const message = telemetry('wl-1', [reading('wl-1', 100, 10), reading('wl-1', 200, 20)]);
    feed.applyTelemetry(message);
    feed.applyTelemetry(message);
    after(holdMs);
    feed.applyTelemetry(message);
    after(holdMs);
    expect(seen.stored).toEqual([100, 200]);
    expect(seen.storedCount).toEqual([2]); // a worker's feed carries readings already durable: they count as stored
    expect(seen.alarms).toEqual([100, 200]);
    expect(feed.counts).toEqual({ applied: 2, duplicates: 4, outOfOrder: 0, malformed: 0 });
  });

  it('puts readings arriving in either order within the hold in order, and counts one arriving after a newer was applied without applying it', () => {
    const { feed, seen, after } = applier();
    feed.applyTelemetry(telemetry('wl-1', [reading('wl-1', 300, 30)]));
    after(holdMs - 1);
    expect(seen.stored).toEqual([]); // still held
    feed.applyTelemetry(telemetry('wl-1', [reading('wl-1', 200, 20), reading('wl-1', 100, 10)]));
    after(1);
    expect(seen.stored).toEqual([100, 200, 300]);
    expect(seen.alarms).toEqual([100, 200, 300]);
    feed.applyTelemetry(telemetry('wl-1', [reading('wl-1', 250, 25), reading('wl-1', 400, 40)]));
    after(holdMs);
    expect(seen.stored).toEqual([100, 200, 300, 400]);
    expect(feed.counts).toMatchObject({ applied: 4, outOfOrder: 1, duplicates: 0 });
  });

  it('tells a copy from a late reading for its device\'s newest 256 applied times within ten minutes of reading time', () => {
    const { feed, seen, after } = applier();
    const second = (index: number) => reading('wl-1', 1_000_000 + index * 1_000, index);
    feed.applyTelemetry(telemetry('wl-1', Array.from({ length: 40 }, (_, index) => second(index))));
    after(holdMs);
    // A worker killed before its PUBACK gives back what it had published once it returns, many readings later.
    feed.applyTelemetry(telemetry('wl-1', [second(3)]));
    expect(feed.counts).toEqual({ applied: 40, duplicates: 1, outOfOrder: 0, malformed: 0 });

    feed.applyTelemetry(telemetry('wl-1', Array.from({ length: 260 }, (_, index) => second(40 + index))));
    after(holdMs);
    // Readings 44 to 299 are the newest 256 applied: a copy of 44 is told, one of 43 is counted late.
    feed.applyTelemetry(telemetry('wl-1', [second(43), second(44)]));
    expect(feed.counts).toEqual({ applied: 300, duplicates: 2, outOfOrder: 1, malformed: 0 });

    // A reading more than ten minutes behind the newest applied is counted late, copy or not.
    feed.applyTelemetry(telemetry('wl-1', [second(900)]));
    after(holdMs);
    feed.applyTelemetry(telemetry('wl-1', [second(299), second(900)]));
    expect(feed.counts).toEqual({ applied: 301, duplicates: 3, outOfOrder: 2, malformed: 0 });
    expect(seen.stored).toHaveLength(301);
  });

  it('starts from the newest readings the store holds, so their copies are not applied again after a restart', () => {
    const { feed, seen, after } = applier();
    feed.warm([reading('wl-1', 500, 50)]);
    feed.applyTelemetry(telemetry('wl-1', [reading('wl-1', 500, 50), reading('wl-1', 600, 60)]));
    after(holdMs);
    expect(seen.stored).toEqual([600]);
    expect(feed.counts).toMatchObject({ applied: 1, duplicates: 1 });
  });

  it('hears registered devices only, records rejections, and drops what matches no schema', () => {
    const { feed, seen } = applier();
    feed.applyTelemetry(telemetry('wl-1', [], [{ code: 'KENDALI_ERR_FIELD_TYPE', message: 'waterLevelCm must be a number' }]));
    feed.applyTelemetry(telemetry('stranger', [], [{ code: 'KENDALI_ERR_DEVICE_UNKNOWN', message: 'not registered' }]));
    feed.applyTelemetry(Buffer.from('{"deviceId":"wl-1"}'));
    feed.applyTelemetry(Buffer.from('not json'));
    expect(seen.heard).toEqual(['wl-1']);
    expect(seen.rejections).toEqual(['wl-1:KENDALI_ERR_FIELD_TYPE', 'stranger:KENDALI_ERR_DEVICE_UNKNOWN']);
    expect(feed.counts.malformed).toBe(2);
  });

  it('applies a status unless an older one comes after a newer', () => {
    const { feed, seen } = applier();
    feed.applyStatus(status('wl-1', 'offline', 300));
    feed.applyStatus(status('wl-1', 'online', 200));
    feed.applyStatus(status('wl-1', 'online', 400));
    feed.applyStatus(status('stranger', 'online', 400));
    expect(seen.statuses).toEqual(['wl-1:offline', 'wl-1:online']);
  });
});
