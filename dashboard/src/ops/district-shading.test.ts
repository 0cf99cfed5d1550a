import type { Alarm, City } from '@kendali/contracts';
import { alarmSeverities, builtInCities } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import type { DeviceCondition, DeviceSummary } from '../telemetry/live-state';
import { cityAreas } from './city-areas';
import type { DistrictShade } from './district-shading';
import { districtMapKey, shadeDistricts, shadeLook } from './district-shading';

const now = 1_700_000_000_000;
const tangerang: City = builtInCities['kota-tangerang']!;
const areas = cityAreas([tangerang]);
const key = (id: string) => districtMapKey('kota-tangerang', id);
const device = (id: string, district: string): DeviceSummary => ({ id, kind: 'water-level', name: id, district, lat: null, lon: null, siaga: null });
const alarm = (id: string, over: Partial<Alarm> = {}): Alarm => ({
  id, key: id, ruleId: 'r', type: 'siaga', severity: 'minor', state: 'active', deviceId: null, district: null,
  title: { id: 'judul', en: 'title' }, detail: { id: '', en: '' }, value: null, threshold: null, raisedAt: now, updatedAt: now,
  acknowledgedAt: null, acknowledgedBy: null, ackComment: null, clearedAt: null, raiseCount: 1, shelvedUntil: null, shelvedBy: null, shelveReason: null, ...over,
});
const devices = new Map([device('wl-1', 'Cipondoh'), device('wl-2', 'Cipondoh'), device('wl-3', 'Benda'), device('wl-4', 'karawaci')].map((d) => [d.id, d]));
const offline: DeviceCondition = { state: 'offline', lastSeen: now - 60_000 };
const online: DeviceCondition = { state: 'online', lastSeen: now };

describe('district shading', () => {
  it('shades every district of the room, all well when nothing is wrong', () => {
    const shades = shadeDistricts(areas, devices, new Map([['wl-1', online]]), [], now);
    expect(shades.size).toBe(tangerang.districts.length);
    expect([...shades.values()].every((s) => s.state === 'ok')).toBe(true);
  });

  it('counts offline devices, and lets an open alarm beat them with its worst severity', () => {
    const conditions = new Map([['wl-1', offline], ['wl-2', offline], ['wl-3', offline], ['wl-4', online]]);
    const alarms = [
      alarm('a', { district: 'Benda', severity: 'minor' }),
      alarm('b', { district: 'benda', severity: 'critical' }),
      alarm('c', { deviceId: 'wl-4', severity: 'warning' }), // no district: its device's
      alarm('d', { district: 'Periuk', severity: 'critical', shelvedUntil: now + 60_000 }), // shelved: not yet
      alarm('e', { district: 'Menteng' }), // not a district of the room
    ];
    const shades = shadeDistricts(areas, devices, conditions, alarms, now);
    expect(shades.get(key('cipondoh'))).toEqual<DistrictShade>({ state: 'offline', offline: 2 });
    expect(shades.get(key('benda'))).toEqual<DistrictShade>({ state: 'alarm', severity: 'critical', alarms: 2 });
    expect(shades.get(key('karawaci'))).toEqual<DistrictShade>({ state: 'alarm', severity: 'warning', alarms: 1 });
    expect(shades.get(key('periuk'))).toEqual<DistrictShade>({ state: 'ok' });
    expect(shadeDistricts(areas, devices, conditions, alarms, now + 120_000).get(key('periuk'))).toEqual<DistrictShade>({ state: 'alarm', severity: 'critical', alarms: 1 });
  });

  it('gives each state its own shape, not only its own colour', () => {
    const shades: DistrictShade[] = [{ state: 'ok' }, { state: 'offline', offline: 1 }, ...alarmSeverities.map((severity) => ({ state: 'alarm' as const, severity, alarms: 1 }))];
    expect(new Set(shades.map((shade) => shadeLook(shade).shape)).size).toBe(shades.length);
  });
});
