import type { Alarm, City } from '@kendali/contracts';
import { builtInCities, builtInKinds, KindSet } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { frameCities } from '../map/geo-frame';
import type { DeviceCondition, DeviceSummary } from '../telemetry/live-state';
import { cityAreas } from './city-areas';
import { deviceMarks, placeDevices } from './ops-map-model';

const now = 1_700_000_000_000;
const tangerang: City = builtInCities['kota-tangerang']!;
const frame = frameCities([tangerang]);
const areas = cityAreas([tangerang]);
const device = (id: string, district: string): DeviceSummary => ({ id, kind: 'water-level', name: id, district, lat: null, lon: null, siaga: null });
const devices = new Map([device('wl-alarm', 'Benda'), device('wl-off', 'Benda'), device('wl-ok', 'Periuk'), device('wl-away', 'Menteng')].map((d) => [d.id, d]));
const alarm: Alarm = {
  id: 'a', key: 'a', ruleId: 'r', type: 'siaga', severity: 'critical', state: 'active', deviceId: 'wl-alarm', district: 'Benda',
  title: { id: 'judul', en: 'title' }, detail: { id: '', en: '' }, value: null, threshold: null, raisedAt: now, updatedAt: now,
  acknowledgedAt: null, acknowledgedBy: null, ackComment: null, clearedAt: null, raiseCount: 1, shelvedUntil: null, shelvedBy: null, shelveReason: null,
};
const conditions = new Map<string, DeviceCondition>([['wl-off', { state: 'offline', lastSeen: now }], ['wl-ok', { state: 'online', lastSeen: now }]]);

describe('device marks on the map', () => {
  it('places the devices of the room inside the frame and leaves the others out', () => {
    const placed = placeDevices(areas, frame.project, devices);
    expect([...placed.keys()].sort()).toEqual(['wl-alarm', 'wl-off', 'wl-ok']);
    for (const [x, y] of placed.values()) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(frame.width);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(frame.height);
    }
  });

  it('orders the marks calm first and alarms last, so an alarm is drawn over its neighbours', () => {
    const placed = placeDevices(areas, frame.project, devices);
    const marks = deviceMarks(placed, { devices, conditions, latest: new Map(), alarms: new Map([['a', alarm]]) }, builtInKinds, now);
    expect(marks.map((m) => [m.id, m.state])).toEqual([['wl-ok', 'online'], ['wl-off', 'offline'], ['wl-alarm', 'critical']]);
  });

  it('marks a device of a kind the dashboard does not know by its connection, never as stale', () => {
    const placed = placeDevices(areas, frame.project, devices);
    const old = { deviceId: 'wl-ok', kind: 'water-level', district: 'Periuk', ts: now - 86_400_000, receivedAt: now - 86_400_000, fields: {} };
    const marks = deviceMarks(placed, { devices, conditions, latest: new Map([['wl-ok', old]]), alarms: new Map() }, new KindSet([]), now);
    expect(marks.find((m) => m.id === 'wl-ok')?.state).toBe('online');
    expect(deviceMarks(placed, { devices, conditions, latest: new Map([['wl-ok', old]]), alarms: new Map() }, builtInKinds, now).find((m) => m.id === 'wl-ok')?.state).toBe('stale');
  });
});
