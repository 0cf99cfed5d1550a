import type { Alarm, Reading } from '@kendali/contracts';
import { builtInKinds, compileProfile, KindSet, kotaSerang, kotaTangerang } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { deviceState } from '../status/device-state';
import { conditionOf, districtStatuses, openAlarmsByDistrict, readingsByDistrict, sceneKinds, statusesOf } from './district-conditions';

const now = Date.UTC(2025, 10, 22, 3, 0, 0);
const reading = (deviceId: string, kind: Reading['kind'], district: string, fields: Reading['fields'], ts = now - 5_000): Reading => ({ deviceId, kind, district, ts, receivedAt: ts, fields });
const alarm = (over: Partial<Alarm>): Alarm => ({
  id: 'a1', key: 'k', ruleId: 'water-siaga', type: 'siaga', severity: 'major', state: 'active', deviceId: 'wl-1', district: 'Periuk',
  title: { id: 'Siaga 2', en: 'Siaga 2' }, detail: { id: '', en: '' }, value: 420, threshold: 400, raisedAt: now - 60_000, updatedAt: now - 60_000,
  acknowledgedAt: null, acknowledgedBy: null, ackComment: null, clearedAt: null, raiseCount: 1, shelvedUntil: null, shelvedBy: null, shelveReason: null, ...over,
});

describe('district conditions', () => {
  const statuses = districtStatuses(
    kotaTangerang.districts,
    [
      reading('aq-1', 'air-quality', 'Karang Tengah', { pm25: 160 }),
      reading('aq-2', 'air-quality', 'karang-tengah', { pm25: 170 }),
      reading('aq-3', 'air-quality', 'Benda', { pm25: 10 }, now - 10 * 60_000), // stale: left out
      reading('wl-1', 'water-level', 'Periuk', { waterLevelCm: 420 }),
      reading('tc-1', 'traffic', 'Cipondoh', { vehicleCount: 30, intervalS: 60, avgSpeedKmh: 8, congested: true }),
    ],
    [alarm({}), alarm({ id: 'a2', severity: 'critical', district: 'Periuk', shelvedUntil: now + 60_000 })],
    (id) => (id === 'wl-1' ? { siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 } : null),
    now,
  );
  const of = (id: string) => statuses.find((s) => s.id === id)!;

  it('shades air quality by the ISPU of the district’s mean concentrations', () => {
    expect(conditionOf('environment', of('karang-tengah').figures, []).legendKey).toBe('ispu:sangat-tidak-sehat');
    expect(conditionOf('environment', of('benda').figures, []).legendKey).toBe('none');
  });

  it('shades floods by the Siaga level of the district’s most alarming post', () => {
    expect(conditionOf('flood', of('periuk').figures, []).legendKey).toBe('siaga:2');
  });

  it('shades traffic by mean speed, and the overview by the worst unshelved alarm', () => {
    expect(conditionOf('mobility', of('cipondoh').figures, []).legendKey).toBe('speed:jammed');
    expect(of('periuk').alarms.map((a) => a.id)).toEqual(['a1']);
    expect(conditionOf('overview', of('periuk').figures, of('periuk').alarms).legendKey).toBe('severity:major');
    expect(conditionOf('overview', of('larangan').figures, []).legendKey).toBe('calm');
  });
});

describe('readings and alarms grouped once for every city', () => {
  const readings = readingsByDistrict([
    reading('aq-1', 'air-quality', 'Karang Tengah', { pm25: 160 }),
    reading('aq-2', 'air-quality', ' karang-tengah', { pm25: 170 }),
    reading('wl-9', 'water-level', 'Serang', { waterLevelCm: 120 }),
  ]);
  const open = openAlarmsByDistrict([alarm({}), alarm({ id: 'a2', district: 'Periuk', shelvedUntil: now + 60_000 }), alarm({ id: 'a3', district: null })], now);

  it('puts a district named by name and by id in one group, and leaves out shelved and city-wide alarms', () => {
    expect(readings.get('karang-tengah')?.map((r) => r.deviceId)).toEqual(['aq-1', 'aq-2']);
    expect(open.get('periuk')?.map((a) => a.id)).toEqual(['a1']);
    expect([...open.keys()]).toEqual(['periuk']);
  });

  it('gives each city the figures of its own districts from the same groups', () => {
    const thresholds = () => null;
    const tangerang = statusesOf(kotaTangerang.districts, readings, open, thresholds, now);
    const serang = statusesOf(kotaSerang.districts, readings, open, thresholds, now);
    expect(tangerang.map((s) => s.id)).toEqual(kotaTangerang.districts.map((d) => d.id));
    expect(serang.map((s) => s.id)).toEqual(kotaSerang.districts.map((d) => d.id));
    expect(tangerang.find((s) => s.id === 'karang-tengah')?.figures).toEqual(districtStatuses(kotaTangerang.districts, readings.get('karang-tengah') ?? [], [], thresholds, now).find((s) => s.id === 'karang-tengah')?.figures);
  });
});

describe('device markers', () => {
  it('show an alarm first, then offline, then stale, then online', () => {
    const fresh = reading('aq-1', 'air-quality', 'Benda', { pm25: 5 });
    const old = reading('aq-1', 'air-quality', 'Benda', { pm25: 5 }, now - 4 * 60_000);
    expect(deviceState(builtInKinds.spec('air-quality'), { state: 'online', lastSeen: now }, fresh, 'critical', now)).toBe('critical');
    expect(deviceState(builtInKinds.spec('air-quality'), { state: 'offline', lastSeen: now }, fresh, undefined, now)).toBe('offline');
    expect(deviceState(builtInKinds.spec('air-quality'), { state: 'online', lastSeen: now }, old, undefined, now)).toBe('stale');
    expect(deviceState(builtInKinds.spec('air-quality'), { state: 'online', lastSeen: now }, fresh, undefined, now)).toBe('online');
    expect(deviceState(builtInKinds.spec('air-quality'), undefined, undefined, undefined, now)).toBe('unknown');
  });
});

describe('scenes by theme', () => {
  const riverGauge = compileProfile('river-gauge', { labels: { id: 'Pos duga sungai', en: 'River gauge' }, intervalS: 60, fields: { stageCm: { type: 'number', quantity: 'water-level-cm', required: true } } }, 1);
  const kinds = new KindSet([...builtInKinds.all(), riverGauge]);

  it("gathers each scene's kinds from the profiles' themes, a kind without one by its quantity", () => {
    expect(sceneKinds('overview', kinds)).toBeNull();
    expect(sceneKinds('environment', kinds)).toEqual(['air-quality']);
    expect(sceneKinds('flood', kinds)).toEqual(['water-level', 'river-gauge']);
    expect(sceneKinds('mobility', kinds)).toEqual(['traffic', 'street-light']);
    expect(sceneKinds('wifi', kinds)).toEqual(['wifi-ap']);
  });

  it("shades a district by a river gauge's level on the flood scene", () => {
    const [periuk] = districtStatuses(kotaTangerang.districts.filter((d) => d.id === 'periuk'), [reading('rg-1', 'river-gauge', 'Periuk', { stageCm: 420 })], [], () => null, now, kinds);
    expect(periuk!.figures.highestPost).toMatchObject({ deviceId: 'rg-1', siaga: 2, levelCm: 420 });
    expect(conditionOf('flood', periuk!.figures, []).legendKey).toBe('siaga:2');
  });
});
