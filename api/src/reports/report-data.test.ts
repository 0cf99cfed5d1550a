import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCities, builtInKinds, defaultCityId, manualClock, type Device, type DeviceKind, type Reading } from '@kendali/contracts';
import { DuckDbTelemetryStore } from '@kendali/ingest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';
import { gatherReport, type ReportData } from './report-data';
import { periodOf } from './report-period';

/** An instant given as WIB wall-clock time (UTC+7). */
const wib = (iso: string) => Date.parse(`${iso}+07:00`);
const minuteMs = 60_000;
const hourMs = 3_600_000;
const city = builtInCities[defaultCityId]!;
const day = periodOf('daily', '2026-03-10', city.zone.timeZone)!;

const device = (id: string, kind: DeviceKind, district: string, name = id): Device => ({
  id, kind, name, district, lat: null, lon: null, enabled: true, installDate: null, metadata: {}, createdAt: '2026-01-01T00:00:00Z', credentialSetAt: null,
});
const devices = [
  device('aq-cip-1', 'air-quality', 'Cipondoh'),
  device('aq-cip-2', 'air-quality', 'Cipondoh'),
  device('wifi-cip', 'wifi-ap', 'Cipondoh'),
  device('aq-pin', 'air-quality', 'Pinang'),
  device('wl-pa10', 'water-level', 'Tangerang', 'Pintu Air 10'),
];

const reading = (deviceId: string, kind: DeviceKind, district: string, ts: number, fields: Reading['fields']): Reading => ({ deviceId, kind, district, ts, receivedAt: ts, fields });

/** The day's readings, minute by minute (hour h, minute m of the city's day). */
function seededReadings(): Reading[] {
  const at = (hour: number, minute: number) => day.fromMs + hour * hourMs + minute * minuteMs;
  const readings: Reading[] = [];
  for (let hour = 0; hour < 24; hour++) {
    for (let minute = 0; minute < 60; minute++) {
      readings.push(reading('aq-cip-1', 'air-quality', 'Cipondoh', at(hour, minute), { pm25: 10 }));
      if (hour < 12) readings.push(reading('aq-cip-2', 'air-quality', 'Cipondoh', at(hour, minute), { pm25: 30 }));
      if (hour < 20) {
        // Siaga 2 for the first half of 10:00, Siaga 3 for the second; Siaga 1 for a minute at 11:00.
        const levelCm = hour === 10 ? (minute < 30 ? 420 : 310) : hour === 11 && minute === 0 ? 520 : 250;
        readings.push(reading('wl-pa10', 'water-level', 'Tangerang', at(hour, minute), { waterLevelCm: levelCm }));
      }
    }
    // One reading an hour in Pinang; at 05:00 a PM10 peak.
    readings.push(reading('aq-pin', 'air-quality', 'Pinang', at(hour, 0), hour === 5 ? { pm25: 60, pm10: 400 } : { pm25: 60 }));
  }
  // Just outside the day on both sides: not counted.
  readings.push(reading('aq-cip-1', 'air-quality', 'Cipondoh', day.fromMs - minuteMs, { pm25: 400 }));
  readings.push(reading('aq-cip-1', 'air-quality', 'Cipondoh', day.toMs, { pm25: 400 }));
  return readings;
}

describe('report figures from a DuckDB file seeded with a day of readings', () => {
  let dataDir: string;
  let instance: DuckDBInstance;
  let store: DuckDbTelemetryStore;
  let report: ReportData;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kendali-report-data-'));
    instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
    store = await DuckDbTelemetryStore.open(instance);
    await store.append(seededReadings());
    report = await gatherReport(day, {
      devices: () => devices,
      kinds: builtInKinds,
      telemetry: store,
      alarmHistory: { events: async () => [] },
      cities: [city],
      clock: manualClock(wib('2026-03-11T00:05')),
    });
  });

  afterAll(async () => {
    await store.close();
    instance.closeSync();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("covers the city's day, midnight to midnight WIB", () => {
    expect(day).toEqual({ kind: 'daily', label: '2026-03-10', fromMs: Date.parse('2026-03-09T17:00:00Z'), toMs: Date.parse('2026-03-10T17:00:00Z') });
    expect(report.coveredToMs).toBe(day.toMs);
    expect(report.cityNames).toEqual(['Kota Tangerang']);
  });

  it('gives the mean and worst hourly ISPU of each district, in the order the city lists them', () => {
    // Cipondoh: PM2.5 20 µg/m³ (ISPU 56) for 12 hours, 10 µg/m³ (ISPU 33) for 12: mean 44.5, rounded up to 45.
    // Pinang: PM2.5 60 (ISPU 105) every hour, PM10 400 (ISPU 272) at 05:00: mean (23·105 + 272)/24 = 111.96 → 112.
    expect(report.ispu).toEqual([
      { district: 'Cipondoh', stations: 2, hours: 24, meanIndex: 45, meanCategory: 'baik', maxIndex: 56, maxCategory: 'sedang', critical: 'pm25' },
      { district: 'Pinang', stations: 1, hours: 24, meanIndex: 112, meanCategory: 'tidak-sehat', maxIndex: 272, maxCategory: 'sangat-tidak-sehat', critical: 'pm10' },
    ].sort((a, b) => city.districts.findIndex((d) => d.name === a.district) - city.districts.findIndex((d) => d.name === b.district)));
  });

  it('counts the hours of each Siaga level per post by quarter hour, and the hours without readings', () => {
    expect(report.siaga).toEqual([
      {
        deviceId: 'wl-pa10', name: 'Pintu Air 10', district: 'Tangerang', thresholds: { siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 },
        hours: { 4: 18.75, 3: 0.5, 2: 0.5, 1: 0.25 }, noDataHours: 4, maxLevelCm: 520,
      },
    ]);
  });

  it("sets each district's readings against what its devices should have sent, and counts the readings stored", () => {
    const byDistrict = Object.fromEntries(report.availability.map((row) => [row.district, row]));
    // Cipondoh: 1,440 + 720 of 3 × 1,440; Pinang: 24 of 1,440; Tangerang: 1,200 of 1,440.
    expect(byDistrict['Cipondoh']).toEqual({ district: 'Cipondoh', devices: 3, expectedReadings: 4320, receivedReadings: 2160, share: 0.5 });
    expect(byDistrict['Pinang']).toMatchObject({ devices: 1, expectedReadings: 1440, receivedReadings: 24 });
    expect(byDistrict['Pinang']!.share).toBeCloseTo(1 / 60, 12);
    expect(byDistrict['Tangerang']).toMatchObject({ devices: 1, expectedReadings: 1440, receivedReadings: 1200 });
    expect(report.readingsStored).toBe(1440 + 720 + 24 + 1200);
  });

  it('covers a day still under way only up to now', async () => {
    const partial = await gatherReport(day, { devices: () => devices, kinds: builtInKinds, telemetry: store, alarmHistory: { events: async () => [] }, cities: [city], clock: manualClock(wib('2026-03-10T06:00')) });
    expect(partial.coveredToMs).toBe(wib('2026-03-10T06:00'));
    expect(partial.readingsStored).toBe(6 * (60 + 60 + 60 + 1));
    expect(partial.siaga[0]).toMatchObject({ hours: { 4: 6, 3: 0, 2: 0, 1: 0 }, noDataHours: 0 });
  });
});

describe('alarm figures from the alarm engine on the injected clock', () => {
  const clock = manualClock(wib('2026-03-09T23:00'));
  let api: ApiUnderTest;

  /** A water level at a post, read at the clock's time. */
  const level = (deviceId: string, levelCm: number) => api.core.pipeline.acceptTelemetry(deviceId, Buffer.from(JSON.stringify({ waterLevelCm: levelCm })));
  const acknowledgeAt = async (deviceId: string, iso: string) => {
    clock.set(wib(iso));
    const alarm = api.core.alarms.openAlarms().find((open) => open.deviceId === deviceId)!;
    await api.core.alarms.acknowledge(alarm.id, 'operator sari', 'ditangani');
  };

  beforeAll(async () => {
    api = await openApiUnderTest('report-alarms', { clock });
    for (const id of ['wl-a', 'wl-b', 'wl-c', 'wl-d', 'wl-e']) await api.core.registry.create(id, { kind: 'water-level', name: id, district: 'Tangerang' });
    await level('wl-e', 420); // 23:00 the day before: raised before the day, acknowledged in it: not counted
    clock.set(wib('2026-03-10T08:00'));
    await level('wl-a', 420); // Siaga 2: major
    await acknowledgeAt('wl-a', '2026-03-10T08:06');
    clock.set(wib('2026-03-10T09:00'));
    await level('wl-b', 520); // Siaga 1: critical
    await acknowledgeAt('wl-b', '2026-03-10T09:02');
    await acknowledgeAt('wl-e', '2026-03-10T09:30');
    clock.set(wib('2026-03-10T10:00'));
    await level('wl-c', 420);
    await acknowledgeAt('wl-c', '2026-03-10T10:20');
    clock.set(wib('2026-03-10T23:50'));
    await level('wl-d', 420); // acknowledged only after midnight
    await acknowledgeAt('wl-d', '2026-03-11T00:10');
  });

  afterAll(() => api.close());

  it('counts alarms raised in the day by severity, with the median and 90th percentile time to acknowledge', async () => {
    const report = await gatherReport(day, { devices: () => [], kinds: api.core.kinds, telemetry: api.core.telemetry, alarmHistory: api.core.alarmHistory, cities: [city], clock });
    expect(report.alarms).toEqual([
      { severity: 'critical', raised: 1, acknowledged: 1, medianAckMs: 2 * minuteMs, p90AckMs: 2 * minuteMs },
      // 6 and 20 minutes; wl-d's acknowledgement after midnight is not the day's.
      { severity: 'major', raised: 3, acknowledged: 2, medianAckMs: 13 * minuteMs, p90AckMs: 20 * minuteMs },
      { severity: 'minor', raised: 0, acknowledged: 0, medianAckMs: null, p90AckMs: null },
      { severity: 'warning', raised: 0, acknowledged: 0, medianAckMs: null, p90AckMs: null },
    ]);
  });
});
