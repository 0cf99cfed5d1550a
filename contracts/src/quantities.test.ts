import { describe, expect, it } from 'vitest';
import { areaFigures } from './area-figures';
import { builtInKinds, builtInProfiles, KindSet } from './device-kinds';
import type { Reading } from './messages/reading';
import { checkProfile } from './profiles/check-profile';
import { compileProfile } from './profiles/compile-profile';
import type { DeviceProfile } from './profiles/profile-schema';
import { fieldOfQuantity, pollutantFields } from './quantities';
import { siagaThresholdsOf } from './siaga-thresholds';

/** Kinds no release ships: they count only by what their fields measure. */
const riverGauge: DeviceProfile = {
  labels: { id: 'Pos duga sungai', en: 'River gauge' },
  intervalS: 120,
  fields: { stageCm: { type: 'number', quantity: 'water-level-cm', unit: 'cm', min: -50, max: 1500, required: true }, batteryPct: { type: 'number' } },
};
const lowCostAir: DeviceProfile = {
  labels: { id: 'Sensor udara murah', en: 'Low-cost air sensor' },
  intervalS: 60,
  fields: { fineDust: { type: 'number', quantity: 'pm25', unit: 'µg/m³', required: true }, coarseDust: { type: 'integer', quantity: 'pm10' } },
};
const kinds = new KindSet([...builtInKinds.all(), compileProfile('river-gauge', riverGauge, 1), compileProfile('low-cost-air', lowCostAir, 1)]);

const now = Date.UTC(2025, 10, 22, 3, 0, 0);
const reading = (deviceId: string, kind: string, fields: Reading['fields'], ts = now - 1_000): Reading => ({ deviceId, kind, district: 'Periuk', ts, receivedAt: ts, fields });

describe('quantities and themes', () => {
  it('compile into the spec: each field its quantity, the kind its theme, declared or taken from its first quantity', () => {
    const gauge = kinds.spec('river-gauge')!;
    expect(gauge.fields['stageCm']!.quantity).toBe('water-level-cm');
    expect(gauge.fields['batteryPct']!.quantity).toBeUndefined();
    expect(gauge.theme).toBe('flood');
    expect(kinds.spec('low-cost-air')!.theme).toBe('environment');
    expect(compileProfile('plain', { labels: { id: 'x', en: 'x' }, intervalS: 60, fields: { a: { type: 'number' } } }, 1).theme).toBeNull();
    expect(compileProfile('lit', { ...riverGauge, theme: 'lighting' }, 1).theme).toBe('lighting');
    expect(fieldOfQuantity(gauge, 'water-level-cm')).toBe('stageCm');
    expect(pollutantFields(kinds.spec('low-cost-air'))).toEqual([
      { pollutant: 'pm25', field: 'fineDust' },
      { pollutant: 'pm10', field: 'coarseDust' },
    ]);
  });

  it('are declared by every built-in profile, each with a theme', () => {
    expect(builtInKinds.all().map((spec) => [spec.kind, spec.theme])).toEqual([
      ['air-quality', 'environment'],
      ['water-level', 'flood'],
      ['traffic', 'mobility'],
      ['street-light', 'lighting'],
      ['wifi-ap', 'wifi'],
    ]);
    for (const profile of Object.values(builtInProfiles)) expect(checkProfile(profile)).toEqual([]);
    expect(builtInKinds.spec('wifi-ap')!.offlineLabels).toEqual({ id: 'Wi-Fi mati', en: 'Wi-Fi access point down' });
  });

  it('put a kind no release ships into the area figures: a river gauge among the posts, a low-cost sensor in the ISPU', () => {
    const figures = areaFigures(
      [
        reading('aq-1', 'air-quality', { pm25: 20 }),
        reading('lc-1', 'low-cost-air', { fineDust: 60, coarseDust: 40 }),
        reading('wl-1', 'water-level', { waterLevelCm: 350 }),
        reading('rg-1', 'river-gauge', { stageCm: 260, batteryPct: 80 }),
        reading('rg-old', 'river-gauge', { stageCm: 900 }, now - 10 * 60_000), // stale: two intervals of 120 s passed long ago
      ],
      (id) => (id === 'rg-1' ? { siaga3Cm: 150, siaga2Cm: 200, siaga1Cm: 250 } : siagaThresholdsOf(id.startsWith('wl') ? 'water-level' : 'river-gauge', {}, kinds)),
      now,
      kinds,
    );
    expect(figures.pm25MeanUgm3).toBe(40);
    expect(figures.ispu).toMatchObject({ critical: 'pm25', index: 81, category: 'sedang' });
    expect(figures.highestPost).toMatchObject({ deviceId: 'rg-1', siaga: 1, levelCm: 260 });
    expect(figures.newestTs).toBe(now - 1_000);
  });

  it('give a river gauge Siaga levels, from its metadata, its gate or the defaults; a kind measuring no water level none', () => {
    expect(siagaThresholdsOf('river-gauge', { siaga3Cm: 1, siaga2Cm: 2, siaga1Cm: 3 }, kinds)).toEqual({ siaga3Cm: 1, siaga2Cm: 2, siaga1Cm: 3 });
    expect(siagaThresholdsOf('river-gauge', { gate: 'kali-ledug' }, kinds)).toEqual({ siaga3Cm: 220, siaga2Cm: 260, siaga1Cm: 300 });
    expect(siagaThresholdsOf('river-gauge', {}, kinds)).toEqual({ siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 });
    expect(siagaThresholdsOf('low-cost-air', {}, kinds)).toBeNull();
    expect(siagaThresholdsOf('river-gauge', {})).toBeNull(); // the built-in kinds alone do not know it
  });

  it('are refused by checkProfile where unknown, on a field of the wrong type, or claimed twice, each at its JSON path', () => {
    const problems = checkProfile({
      labels: { id: 'Campur aduk', en: 'Mixed up' },
      theme: 'weather',
      intervalS: 60,
      fields: {
        dusty: { type: 'boolean', quantity: 'pm25' },
        level: { type: 'number', quantity: 'water-level-cm' },
        stage: { type: 'integer', quantity: 'water-level-cm' },
        noise: { type: 'number', quantity: 'noise-db' },
        jammed: { type: 'number', quantity: 'congestion' },
      },
    });
    expect(problems).toEqual([
      { path: '/fields/dusty/quantity', message: 'quantity "pm25" needs a number or integer field, not a boolean one' },
      { path: '/fields/stage/quantity', message: 'quantity "water-level-cm" is already measured by field "level"' },
      { path: '/fields/noise/quantity', message: expect.stringMatching(/^unknown quantity "noise-db" \(known: pm25, pm10, .*water-level-cm/) as unknown as string },
      { path: '/fields/jammed/quantity', message: 'quantity "congestion" needs a boolean field, not a number one' },
      { path: '/theme', message: 'unknown theme "weather" (known: environment, flood, mobility, wifi, lighting)' },
    ]);
  });

  it("refuse a field's example that the field would refuse, but leave it to the range's own problem when the range holds no value", () => {
    const profile = (fields: DeviceProfile['fields']): DeviceProfile => ({ labels: { id: 'x', en: 'x' }, intervalS: 60, fields });
    expect(checkProfile(profile({ a: { type: 'number', min: 0, max: 10, example: 12 }, b: { type: 'integer', example: 1.5 }, c: { type: 'boolean', example: 1 } }))).toEqual([
      { path: '/fields/a/example', message: 'example 12 is not a value this number field accepts' },
      { path: '/fields/b/example', message: 'example 1.5 is not a value this integer field accepts' },
      { path: '/fields/c/example', message: 'example 1 is not a value this boolean field accepts' },
    ]);
    expect(checkProfile(profile({ a: { type: 'number', min: 900, max: 10, example: 35 } })).map((problem) => problem.path)).toEqual(['/fields/a/min']);
  });
});
