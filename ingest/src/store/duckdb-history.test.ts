import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '@kendali/contracts';
import { DuckDbTelemetryStore } from './duckdb-telemetry-store';

const base = Date.parse('2026-03-10T00:00:00Z');
const minuteMs = 60_000;
let dataDir: string;
let instance: DuckDBInstance;
let store: DuckDbTelemetryStore;

const air = (deviceId: string, district: string, minute: number, pm25: number): Reading => ({
  deviceId,
  kind: 'air-quality',
  district,
  ts: base + minute * minuteMs,
  receivedAt: base + minute * minuteMs,
  fields: { pm25, pm10: pm25 * 2 },
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-history-'));
  instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
  store = await DuckDbTelemetryStore.open(instance, { rollups: false }); // the raw tier; roll-ups: duckdb-rollups.test.ts
  const readings: Reading[] = [];
  for (let minute = 0; minute < 120; minute++) {
    readings.push(air('aq-1', 'Cipondoh', minute, 10), air('aq-2', 'Cipondoh', minute, 30), air('aq-3', 'Pinang', minute, 50 + (minute % 2)));
  }
  await store.append(readings);
});

afterAll(async () => {
  await store.close();
  instance.closeSync();
  await rm(dataDir, { recursive: true, force: true });
});

const window = { kind: 'air-quality', fromMs: base, toMs: base + 120 * minuteMs, limit: 1000 } as const;

describe('history across devices (raw tier)', () => {
  it('groups by district: the mean and max of every reading of its devices per hour', async () => {
    const answer = await store.historyAcross({ ...window, deviceIds: ['aq-1', 'aq-2', 'aq-3'], fields: ['pm25'], fns: ['mean', 'max'], groupBy: 'district', everyMs: 3_600_000 });
    expect(answer.tier).toBe('raw');
    const byKey = Object.fromEntries(answer.series.map((s) => [`${s.group}/${s.fn}`, s.points]));
    expect(byKey['Cipondoh/mean']).toEqual([{ t: base, value: 20 }, { t: base + 3_600_000, value: 20 }]);
    expect(byKey['Cipondoh/max']).toEqual([{ t: base, value: 30 }, { t: base + 3_600_000, value: 30 }]);
    expect(byKey['Pinang/max']?.[0]?.value).toBe(51);
  });

  it('reads only the devices asked for, and raw readings one series per device', async () => {
    const answer = await store.historyAcross({ ...window, deviceIds: ['aq-1'], fields: ['pm25', 'pm10'], fns: [], groupBy: 'device', limit: 5 });
    expect(answer.series.map((s) => `${s.group}/${s.field}`)).toEqual(['aq-1/pm25', 'aq-1/pm10']);
    expect(answer.series[1]?.points).toEqual([0, 1, 2, 3, 4].map((m) => ({ t: base + m * minuteMs, value: 20 })));
  });

  it('aligns buckets on the origin asked for (a city midnight, UTC+7)', async () => {
    const answer = await store.historyAcross({ ...window, deviceIds: ['aq-1'], fields: ['pm25'], fns: ['count'], groupBy: 'kind', everyMs: 86_400_000, originMs: base - 7 * 3_600_000 });
    expect(answer.series).toEqual([{ group: 'air-quality', field: 'pm25', fn: 'count', points: [{ t: base - 7 * 3_600_000, value: 120 }] }]);
  });
});

describe('paged raw readings', () => {
  it('hands out every reading once, oldest first, in pages of the size asked', async () => {
    const pages: number[] = [];
    const seen = new Set<string>();
    let lastTs = 0;
    for await (const page of store.readings({ kind: 'air-quality', deviceIds: ['aq-1', 'aq-3'], fromMs: base, toMs: base + 120 * minuteMs, pageSize: 7 })) {
      pages.push(page.length);
      for (const reading of page) {
        expect(reading.ts).toBeGreaterThanOrEqual(lastTs);
        lastTs = reading.ts;
        seen.add(`${reading.deviceId}@${reading.ts}`);
      }
    }
    expect(seen.size).toBe(240);
    expect(pages.every((size) => size <= 7)).toBe(true);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(240);
  });
});

describe('paged raw readings, dense and sparse', () => {
  it('splits a burst of readings sharing one millisecond by device, and crosses empty stretches', async () => {
    const burstTs = base + 200 * minuteMs;
    const burst: Reading[] = Array.from({ length: 25 }, (_, i) => ({ ...air(`burst-${String(i).padStart(2, '0')}`, 'Pinang', 0, i), ts: burstTs, receivedAt: burstTs }));
    const late = { ...air('burst-00', 'Pinang', 0, 99), ts: base + 40 * 86_400_000, receivedAt: base }; // 40 days later
    await store.append([...burst, late]);
    const ids = [...burst.map((r) => r.deviceId)];
    const seen: string[] = [];
    for await (const page of store.readings({ kind: 'air-quality', deviceIds: ids, fromMs: base, toMs: base + 50 * 86_400_000, pageSize: 4 })) {
      expect(page.length).toBeLessThanOrEqual(4);
      seen.push(...page.map((r) => `${r.deviceId}@${r.ts}`));
    }
    expect(seen).toEqual([...burst.map((r) => `${r.deviceId}@${burstTs}`), `burst-00@${late.ts}`]);
  });
});
