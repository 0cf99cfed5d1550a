import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceInput, Reading } from '@kendali/contracts';
import { areaFigures, kotaTangerang, manualClock, siagaThresholdsOf, trendMaxPoints, trendPoint, trendStepMs, trendWindowMs } from '@kendali/contracts';
import { DeviceRegistry } from '../registry/device-registry';
import { LiveState } from './live-state';

const t0 = Date.UTC(2025, 10, 22, 3, 0, 0); // 10:00 WIB, on a 5 s bucket boundary
const frameIntervalMs = 250; // 4 Hz

let dataDir: string;
let instance: DuckDBInstance;
let registry: DeviceRegistry;

const devices: (DeviceInput & { id: string })[] = [
  { id: 'aq-1', kind: 'air-quality', name: 'Udara 1', district: 'Periuk' },
  { id: 'aq-2', kind: 'air-quality', name: 'Udara 2', district: 'Cipondoh' },
  { id: 'wl-gate', kind: 'water-level', name: 'Pos Kali Ledug', district: 'Periuk', metadata: { gate: 'kali-ledug' } },
  { id: 'wl-own', kind: 'water-level', name: 'Pos sendiri', district: 'Periuk', metadata: { siaga3Cm: 100, siaga2Cm: 150, siaga1Cm: 200 } },
  { id: 'tc-1', kind: 'traffic', name: 'Simpang 1', district: 'Tangerang' },
  { id: 'ap-1', kind: 'wifi-ap', name: 'Wi-Fi 1', district: 'Tangerang' },
];

const reading = (deviceId: string, kind: Reading['kind'], fields: Reading['fields'], ts: number): Reading => ({ deviceId, kind, district: 'Periuk', ts, receivedAt: ts + 20, fields });
const cityAt = (ts: number): Reading[] => [
  reading('aq-1', 'air-quality', { pm25: 23, pm10: 60 }, ts),
  reading('aq-2', 'air-quality', { pm25: 45 }, ts),
  reading('wl-gate', 'water-level', { waterLevelCm: 250 }, ts), // Siaga 3 of Kali Ledug (220)
  reading('wl-own', 'water-level', { waterLevelCm: 160 }, ts), // Siaga 2 by its own metadata: the highest
  reading('tc-1', 'traffic', { vehicleCount: 30, intervalS: 30, avgSpeedKmh: 25, congested: true }, ts),
  reading('ap-1', 'wifi-ap', { clients: 17 }, ts),
];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-live-trend-'));
  instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
  registry = await DeviceRegistry.open(instance, manualClock(t0), [kotaTangerang]);
  await registry.provision(devices, () => 'secret');
});

afterEach(async () => {
  await registry.close();
  instance.closeSync();
  await rm(dataDir, { recursive: true, force: true });
});

const liveState = (trendSampleMs?: number) => new LiveState(registry, { clock: manualClock(t0), frameIntervalMs, maxReadingsPerFrame: 1_000, offlineAfterIntervals: 3, trendSampleMs });

describe('the live state’s trend', () => {
  it('holds the figures the dashboard computes from the same readings and device list', () => {
    const live = liveState();
    const readings = cityAt(t0 - 2_000);
    live.validated(readings);
    const frame = live.tick(t0 + 1_000);

    // The dashboard's rule (telemetry/live-state.ts): Siaga levels from each device's kind and metadata.
    const byId = new Map(devices.map((d) => [d.id, d]));
    const thresholdsOf = (id: string) => siagaThresholdsOf(byId.get(id)!.kind, byId.get(id)!.metadata);
    const expected = trendPoint(frame.at, areaFigures(readings, thresholdsOf, frame.at), frame.stats);
    expect(live.trend).toEqual([expected]);
    expect(expected).toMatchObject({ at: t0, pm25MeanUgm3: 34, waterHighestCm: 160, vehiclesPerMinute: 60, wifiClients: 17 });
  });

  it('keeps one point per 5 s bucket, the newest sample of each, for 10 minutes and no more', () => {
    const live = liveState();
    const ticks = ((trendWindowMs * 2) / frameIntervalMs) | 0;
    for (let i = 0; i < ticks; i++) {
      const now = t0 + i * frameIntervalMs;
      if (i % 4 === 0) live.validated(cityAt(now));
      live.tick(now);
    }
    const trend = live.trend;
    expect(trend).toHaveLength(trendMaxPoints);
    expect(trend.every((p, i) => i === 0 || p.at - trend[i - 1]!.at === trendStepMs)).toBe(true);
    const last = t0 + (ticks - 1) * frameIntervalMs;
    expect(trend.at(-1)!.at).toBe(Math.floor(last / trendStepMs) * trendStepMs);
    expect(trend[0]!.at).toBe(trend.at(-1)!.at - trendWindowMs);
  });

  it('computes the figures at most once per sample interval, not on every frame', () => {
    const live = liveState(1_000);
    const pm25 = (deviceId: string, value: number, ts: number) => reading(deviceId, 'air-quality', { pm25: value }, ts);
    live.validated([pm25('aq-1', 20, t0), pm25('aq-2', 40, t0)]);
    live.tick(t0);
    live.validated([pm25('aq-2', 100, t0 + 250)]);
    live.tick(t0 + 250);
    live.tick(t0 + 750);
    expect(live.trend.map((p) => p.pm25MeanUgm3)).toEqual([30]); // sampled at t0 only
    live.tick(t0 + 1_000);
    expect(live.trend.map((p) => p.pm25MeanUgm3)).toEqual([60]); // a second later: same bucket, replaced
  });

  it('hands the trend to a new client in the snapshot frame only', () => {
    const live = liveState();
    live.validated(cityAt(t0));
    for (let i = 0; i < 3; i++) live.tick(t0 + i * trendStepMs);
    expect(live.snapshotFrame().trend?.map((p) => p.at)).toEqual([t0, t0 + trendStepMs, t0 + 2 * trendStepMs]);
    expect(live.tick(t0 + 3 * trendStepMs).trend).toBeUndefined();
  });
});
