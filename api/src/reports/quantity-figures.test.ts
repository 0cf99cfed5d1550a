import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCities, builtInKinds, compileProfile, defaultCityId, KindSet, type Device, type DeviceKind, type DeviceProfile, type Reading } from '@kendali/contracts';
import { DuckDbTelemetryStore } from '@kendali/ingest';
import { ispuByDistrict } from './ispu-figures';
import { periodOf } from './report-period';
import { siagaHoursByPost } from './siaga-figures';

/** Kinds no release ships, known to the reports only by their fields' quantities. */
const lowCostAir: DeviceProfile = {
  labels: { id: 'Sensor udara murah', en: 'Low-cost air sensor' },
  intervalS: 3600,
  fields: { fineDust: { type: 'number', quantity: 'pm25', unit: 'µg/m³', required: true } },
};
const riverGauge: DeviceProfile = {
  labels: { id: 'Pos duga sungai', en: 'River gauge' },
  intervalS: 60,
  fields: { stageCm: { type: 'number', quantity: 'water-level-cm', unit: 'cm', required: true } },
};
const kinds = new KindSet([...builtInKinds.all(), compileProfile('low-cost-air', lowCostAir, 1), compileProfile('river-gauge', riverGauge, 1)]);

const minuteMs = 60_000;
const hourMs = 3_600_000;
const city = builtInCities[defaultCityId]!;
const day = periodOf('daily', '2026-03-10', city.zone.timeZone)!;

const device = (id: string, kind: DeviceKind, district: string, metadata: Device['metadata'] = {}): Device => ({
  id, kind, name: id, district, lat: null, lon: null, enabled: true, installDate: null, metadata, createdAt: '2026-01-01T00:00:00Z', credentialSetAt: null,
});
const devices = [
  device('aq-cip', 'air-quality', 'Cipondoh'),
  device('lc-cip', 'low-cost-air', 'Cipondoh'),
  device('lc-pin', 'low-cost-air', 'Pinang'),
  device('rg-cis', 'river-gauge', 'Tangerang', { siaga3Cm: 100, siaga2Cm: 200, siaga1Cm: 300 }),
];

const reading = (deviceId: string, kind: DeviceKind, district: string, ts: number, fields: Reading['fields']): Reading => ({ deviceId, kind, district, ts, receivedAt: ts, fields });

function seededReadings(): Reading[] {
  const readings: Reading[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const at = (minute: number) => day.fromMs + hour * hourMs + minute * minuteMs;
    for (let minute = 0; minute < 60; minute++) {
      readings.push(reading('aq-cip', 'air-quality', 'Cipondoh', at(minute), { pm25: 10 }));
      readings.push(reading('rg-cis', 'river-gauge', 'Tangerang', at(minute), { stageCm: hour < 12 ? 150 : 250 }));
    }
    readings.push(reading('lc-cip', 'low-cost-air', 'Cipondoh', at(0), { fineDust: 40 }));
    readings.push(reading('lc-pin', 'low-cost-air', 'Pinang', at(0), { fineDust: 60 }));
  }
  return readings;
}

describe('report figures of kinds that exist only as data, by their quantities', () => {
  let dataDir: string;
  let instance: DuckDBInstance;
  let store: DuckDbTelemetryStore;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kendali-quantity-figures-'));
    instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
    store = await DuckDbTelemetryStore.open(instance, { kinds });
    await store.append(seededReadings());
  });

  afterAll(async () => {
    await store.close();
    instance.closeSync();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('counts a low-cost sensor with a pm25 field in the ISPU, its readings weighed with the built-in station beside it', async () => {
    const ispu = await ispuByDistrict(day, devices, store, kinds);
    // Cipondoh: 60 readings of 10 µg/m³ and one of 40 an hour: (600 + 40)/61 = 10.49 µg/m³, ISPU 33.8 → 34.
    // Pinang: the low-cost sensor alone, 60 µg/m³: ISPU 105.
    expect(ispu).toEqual([
      { district: 'Cipondoh', stations: 2, hours: 24, meanIndex: 34, meanCategory: 'baik', maxIndex: 34, maxCategory: 'baik', critical: 'pm25' },
      { district: 'Pinang', stations: 1, hours: 24, meanIndex: 105, meanCategory: 'tidak-sehat', maxIndex: 105, maxCategory: 'tidak-sehat', critical: 'pm25' },
    ]);
  });

  it('gives a river gauge with a water-level-cm field its hours at each Siaga level against its own levels', async () => {
    expect(await siagaHoursByPost(day, devices, store, kinds)).toEqual([
      { deviceId: 'rg-cis', name: 'rg-cis', district: 'Tangerang', thresholds: { siaga3Cm: 100, siaga2Cm: 200, siaga1Cm: 300 }, hours: { 4: 0, 3: 12, 2: 12, 1: 0 }, noDataHours: 0, maxLevelCm: 250 },
    ]);
  });

  it('leaves out kinds it does not know to measure anything', async () => {
    expect(await ispuByDistrict(day, devices, store, builtInKinds)).toEqual([expect.objectContaining({ district: 'Cipondoh', stations: 1, meanIndex: 33 })]);
    expect(await siagaHoursByPost(day, devices, store, builtInKinds)).toEqual([]);
  });
});
