import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInKinds, manualClock, type ManualClock, type Reading } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';

// The README's alarm promises, each on a manual clock: the most specific rule wins, shelving is
// capped at 24 h, and a silent device turns offline after 3 × its kind's interval.
const minute = 60_000;
const hour = 60 * minute;
const t0 = Date.parse('2026-11-23T03:00:00Z'); // 10:00 WIB

let dataDir: string;
let ingest: Core;
let clock: ManualClock;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-alarm-policies-'));
  clock = manualClock(t0);
  ingest = await openCore({ ...defaultIngestOptions, dataDir, clock });
  ingest.alarms.stop();
  ingest.live.stop();
});

afterEach(async () => {
  await ingest.close();
  await rm(dataDir, { recursive: true, force: true });
});

const pm10 = (deviceId: string, value: number, at: number): Reading => ({ deviceId, kind: 'air-quality', district: 'Benda', ts: at, receivedAt: at, fields: { pm25: 10, pm10: value } });
const rule = (id: string, scope: Record<string, string>, limit: number) => ({
  id,
  name: id,
  type: 'threshold',
  enabled: true,
  scope,
  minDurationMs: 0,
  field: 'pm10',
  op: 'above',
  limit,
  hysteresis: 5,
  severity: 'warning',
});

describe('alarm policies', () => {
  it('uses the most specific rule of a type: device over district over kind over everyone', async () => {
    for (const id of ['aq-a', 'aq-b', 'aq-c']) await ingest.registry.create(id, { kind: 'air-quality', name: id, district: id === 'aq-c' ? 'Cipondoh' : 'Benda' });
    await ingest.alarms.replaceRules(
      {
        rules: [
          rule('everyone', {}, 100),
          rule('air-quality', { kind: 'air-quality' }, 150),
          rule('benda', { district: 'Benda' }, 200),
          rule('aq-a', { deviceId: 'aq-a' }, 300),
        ],
      },
      'engineer ani',
    );
    const fired = (value: number) => {
      ingest.alarms.onReadings([pm10('aq-a', value, clock.now()), pm10('aq-b', value, clock.now()), pm10('aq-c', value, clock.now())], clock.now());
      return ingest.alarms
        .openAlarms()
        .filter((alarm) => alarm.type === 'threshold') // the kind's own rules (ISPU) watch pm10 too
        .map((alarm) => `${alarm.deviceId}:${alarm.ruleId}`)
        .sort();
    };
    // aq-c (Cipondoh) falls to the kind rule at 150; aq-b to Benda's 200; aq-a to its own 300.
    expect(fired(160)).toEqual(['aq-c:air-quality']);
    clock.advance(minute);
    expect(fired(250)).toEqual(['aq-b:benda', 'aq-c:air-quality']);
    clock.advance(minute);
    expect(fired(310)).toEqual(['aq-a:aq-a', 'aq-b:benda', 'aq-c:air-quality']);
  });

  it('puts a raised alarm on the very next live frame, at most one frame interval (250 ms) later', async () => {
    await ingest.registry.create('wl-2', { kind: 'water-level', name: 'Bendung Pasar Baru', district: 'Tangerang' });
    ingest.live.tick(t0); // a frame just went out
    ingest.alarms.onReadings([{ deviceId: 'wl-2', kind: 'water-level', district: 'Tangerang', ts: t0 + 1, receivedAt: t0 + 1, fields: { waterLevelCm: 420 } }], t0 + 1);
    const frame = ingest.live.tick(t0 + defaultIngestOptions.frameIntervalMs);
    expect(frame.alarms.map((alarm) => `${alarm.type}:${alarm.deviceId}:${alarm.severity}`)).toEqual(['siaga:wl-2:major']);
    expect(frame.at - (t0 + 1)).toBeLessThan(1_000);
  });

  it('shelves an alarm for at most 24 hours, however long is asked', async () => {
    await ingest.registry.create('wl-1', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
    ingest.alarms.onReadings([{ deviceId: 'wl-1', kind: 'water-level', district: 'Tangerang', ts: t0, receivedAt: t0, fields: { waterLevelCm: 420 } }], t0);
    const alarm = ingest.alarms.openAlarms()[0]!;
    const shelved = await ingest.alarms.shelve(alarm.id, 'operator budi', 72 * hour, 'pump maintenance');
    expect(shelved?.shelvedUntil).toBe(t0 + 24 * hour);
    ingest.alarms.tick(t0 + 24 * hour - 1);
    expect(ingest.alarms.openAlarms()[0]?.shelvedUntil).toBe(t0 + 24 * hour);
    ingest.alarms.tick(t0 + 24 * hour);
    expect(ingest.alarms.openAlarms()[0]?.shelvedUntil).toBeNull();
  });

  it('turns a silent device offline after 3 × its kind’s interval, and raises the offline alarm 20 s later', async () => {
    await ingest.registry.create('tc-1', { kind: 'traffic', name: 'Simpang Cikokol', district: 'Tangerang' });
    const limitMs = 3 * (builtInKinds.spec('traffic')?.expectedIntervalMs ?? 0);
    ingest.live.heard('tc-1', t0);
    ingest.live.tick(t0 + limitMs);
    expect(ingest.live.device('tc-1')?.state).toBe('online');
    // Silence is swept once a second: the next sweep past the limit finds it.
    const offlineAt = t0 + limitMs + 1_000;
    ingest.live.tick(offlineAt);
    expect(ingest.live.device('tc-1')?.state).toBe('offline');
    ingest.alarms.tick(offlineAt + 19_999);
    expect(ingest.alarms.openAlarms()).toEqual([]);
    ingest.alarms.tick(offlineAt + 20_000);
    expect(ingest.alarms.openAlarms().map((alarm) => `${alarm.type}:${alarm.deviceId}`)).toEqual(['offline:tc-1']);
  });
});
