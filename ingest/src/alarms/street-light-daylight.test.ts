import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { badung, kotaSerang, kotaTangerang, manualClock, sunDayAt, type Reading } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';

const minute = 60_000;
const degrees = Math.PI / 180;

/**
 * Sunrise from first principles, independent of the library the rule uses: NOAA Global Monitoring
 * Laboratory, "General Solar Position Calculations" (fractional year, equation of time,
 * declination; the sun's upper limb on the horizon with refraction, zenith 90.833°).
 */
function noaaSunriseMs(utcMidnightMs: number, lat: number, lon: number): number {
  const dayOfYear = Math.round((utcMidnightMs - Date.UTC(new Date(utcMidnightMs).getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  const y = ((2 * Math.PI) / 365) * (dayOfYear - 1);
  const equationOfTimeMin = 229.18 * (0.000075 + 0.001868 * Math.cos(y) - 0.032077 * Math.sin(y) - 0.014615 * Math.cos(2 * y) - 0.040849 * Math.sin(2 * y));
  const declination =
    0.006918 - 0.399912 * Math.cos(y) + 0.070257 * Math.sin(y) - 0.006758 * Math.cos(2 * y) + 0.000907 * Math.sin(2 * y) - 0.002697 * Math.cos(3 * y) + 0.00148 * Math.sin(3 * y);
  const hourAngle = Math.acos(Math.cos(90.833 * degrees) / (Math.cos(lat * degrees) * Math.cos(declination)) - Math.tan(lat * degrees) * Math.tan(declination));
  const sunriseMinutesUtc = 720 - 4 * (lon + hourAngle / degrees) - equationOfTimeMin;
  return utcMidnightMs + sunriseMinutesUtc * minute;
}

const wita = (iso: string) => Date.parse(`${iso}+08:00`);
const wib = (iso: string) => Date.parse(`${iso}+07:00`);

let dataDir: string;
let core: Core;

// A regional room run from Bali (its clock is WITA) that also watches Kota Tangerang (WIB).
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-daylight-'));
  const clock = manualClock(wita('2026-06-15T06:00'));
  // A lamp registered while the room watched Kota Serang, which it no longer does.
  const before = await openCore({ ...defaultIngestOptions, dataDir, clock, cities: [kotaSerang] });
  await before.registry.create('sl-elsewhere', { kind: 'street-light', name: 'PJU elsewhere', district: 'Serang' });
  await before.close();
  core = await openCore({ ...defaultIngestOptions, dataDir, clock, cities: [badung, kotaTangerang] });
  core.alarms.stop(); // the test drives time itself
  await core.registry.create('sl-kuta', { kind: 'street-light', name: 'PJU Kuta', district: 'Kuta' });
  await core.registry.create('sl-tangerang', { kind: 'street-light', name: 'PJU Tangerang', district: 'Tangerang' });
});

afterEach(async () => {
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

const lamp = (deviceId: string, district: string, lampOn: boolean, ts: number) => {
  const reading: Reading = { deviceId, kind: 'street-light', district, ts, receivedAt: ts, fields: { lampOn } };
  core.alarms.onReadings([reading], ts);
  core.alarms.tick(ts);
};
const lampAlarm = (deviceId: string) => core.alarms.openAlarms().find((alarm) => alarm.deviceId === deviceId && alarm.type === 'street-light-schedule') ?? null;

describe('street lights judged by the sun of their own city, on its clock', () => {
  it('finds sunrise in Badung on 15 June 2026 about 06:31 WITA, as the solar tables give', () => {
    const expected = noaaSunriseMs(Date.UTC(2026, 5, 15), badung.lat, badung.lon);
    expect(expected).toBeGreaterThanOrEqual(wita('2026-06-15T06:25'));
    expect(expected).toBeLessThanOrEqual(wita('2026-06-15T06:37'));
    const { sunriseMs } = sunDayAt(wita('2026-06-15T12:00'), badung, badung.zone.timeZone);
    expect(Math.abs(sunriseMs! - expected)).toBeLessThan(2 * minute);
    // Kota Tangerang, 9° further west and an hour behind: the sun rises about 06:00 WIB.
    const tangerang = noaaSunriseMs(Date.UTC(2026, 5, 15), kotaTangerang.lat, kotaTangerang.lon);
    expect(tangerang).toBeGreaterThanOrEqual(wib('2026-06-15T05:55'));
    expect(tangerang).toBeLessThanOrEqual(wib('2026-06-15T06:05'));
  });

  it('leaves a lamp on at 06:30 WITA in Kuta alone (before sunrise), and raises it once the sun is up', () => {
    lamp('sl-kuta', 'Kuta', true, wita('2026-06-15T06:30'));
    lamp('sl-kuta', 'Kuta', true, wita('2026-06-15T06:46')); // within 20 min of sunrise: photocells differ
    expect(lampAlarm('sl-kuta')).toBeNull();
    lamp('sl-kuta', 'Kuta', true, wita('2026-06-15T07:00'));
    lamp('sl-kuta', 'Kuta', true, wita('2026-06-15T07:16'));
    expect(lampAlarm('sl-kuta')).toMatchObject({ severity: 'warning', title: { en: 'Lamp on in daylight: PJU Kuta' } });
  });

  it('raises a lamp on at 06:30 WIB in Kota Tangerang (the sun rose about 06:00 WIB), not one at the same reading of the clock in Kuta', () => {
    lamp('sl-tangerang', 'Tangerang', true, wib('2026-06-15T06:30'));
    lamp('sl-tangerang', 'Tangerang', true, wib('2026-06-15T06:46'));
    expect(lampAlarm('sl-tangerang')).toMatchObject({ severity: 'warning' });
  });

  it("judges each lamp at one instant by its own city's sun; a district of no configured city by the room's", () => {
    // 07:00 WITA = 06:00 WIB: day in Kuta (sunrise 06:31 WITA), sunrise itself in Tangerang.
    for (const [id, district] of [['sl-kuta', 'Kuta'], ['sl-tangerang', 'Tangerang'], ['sl-elsewhere', 'Serang']] as const) {
      lamp(id, district, true, wita('2026-06-15T07:00'));
      lamp(id, district, true, wita('2026-06-15T07:16'));
    }
    expect(lampAlarm('sl-kuta')).not.toBeNull();
    expect(lampAlarm('sl-tangerang')).toBeNull();
    expect(lampAlarm('sl-elsewhere')).not.toBeNull(); // Serang is in no configured city now: Badung's sun
  });

  it('raises a lamp off at night, after sunset and its margin', () => {
    lamp('sl-kuta', 'Kuta', false, wita('2026-06-15T18:15')); // sunset about 18:08 WITA: still within the margin
    lamp('sl-kuta', 'Kuta', false, wita('2026-06-15T18:30'));
    expect(lampAlarm('sl-kuta')).toBeNull();
    lamp('sl-kuta', 'Kuta', false, wita('2026-06-15T18:46'));
    expect(lampAlarm('sl-kuta')).toMatchObject({ severity: 'minor', title: { en: 'Lamp off at night: PJU Kuta' } });
  });
});
