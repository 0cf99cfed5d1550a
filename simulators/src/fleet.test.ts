import { describe, expect, it } from 'vitest';
import { deviceIdPattern, deviceKindNames, kotaSerang, kotaTangerang } from '@kendali/contracts';
import { buildFleet } from './fleet';

const metresPerDegree = 111_320;

describe('buildFleet', () => {
  it('builds the same fleet from the same seed', () => {
    expect(buildFleet({ devices: 300, seed: 7 })).toEqual(buildFleet({ devices: 300, seed: 7 }));
  });

  it('keeps ids, kinds, names and districts across seeds; only positions move', () => {
    const one = buildFleet({ devices: 50, seed: 1 });
    const two = buildFleet({ devices: 50, seed: 2 });
    const identity = (fleet: typeof one) => fleet.map(({ id, kind, name, district }) => ({ id, kind, name, district }));
    expect(identity(two)).toEqual(identity(one));
    expect(two.map((device) => device.lat)).not.toEqual(one.map((device) => device.lat));
  });

  it('matches the recorded five-device fleet for seed 1', () => {
    expect(buildFleet({ devices: 5, seed: 1 })).toEqual([
      { id: 'sl-tangerang-001', kind: 'street-light', name: 'Street Light Tangerang 1', district: 'Tangerang', lat: -6.178698, lon: 106.63479 },
      { id: 'tr-karawaci-001', kind: 'traffic', name: 'Traffic Karawaci 1', district: 'Karawaci', lat: -6.194039, lon: 106.602987 },
      { id: 'ap-cibodas-001', kind: 'wifi-ap', name: 'Wi-Fi Taman Potret', district: 'Cibodas', lat: -6.206291, lon: 106.597649 },
      { id: 'aq-jatiuwung-001', kind: 'air-quality', name: 'AQ Jatiuwung 1', district: 'Jatiuwung', lat: -6.191257, lon: 106.578791 },
      { id: 'wl-periuk-001', kind: 'water-level', name: 'Pintu Air 10', district: 'Periuk', lat: -6.168196, lon: 106.578656 },
    ]);
  });

  it.each([5, 6, 13, 50, 200, 1000])('has every kind with %i devices', (devices) => {
    const fleet = buildFleet({ devices });
    expect(fleet).toHaveLength(devices);
    expect(new Set(fleet.map((device) => device.kind))).toEqual(new Set(deviceKindNames));
  });

  it('mixes kinds in the planned shares', () => {
    const fleet = buildFleet({ devices: 1000 });
    const share = (kind: string) => fleet.filter((device) => device.kind === kind).length / fleet.length;
    expect(share('street-light')).toBeCloseTo(0.35, 2);
    expect(share('traffic')).toBeCloseTo(0.2, 2);
    expect(share('wifi-ap')).toBeCloseTo(0.2, 2);
    expect(share('air-quality')).toBeCloseTo(0.15, 2);
    expect(share('water-level')).toBeCloseTo(0.1, 2);
  });

  it('builds fewer than five devices without complaint', () => {
    expect(buildFleet({ devices: 0 })).toEqual([]);
    expect(buildFleet({ devices: 2 }).map((device) => device.kind)).toEqual(['street-light', 'traffic']);
  });

  it('gives unique ids that topics accept', () => {
    const fleet = buildFleet({ devices: 2000 });
    expect(new Set(fleet.map((device) => device.id)).size).toBe(fleet.length);
    for (const device of fleet) {
      expect(device.id).toMatch(deviceIdPattern);
      expect(device.id).toMatch(/^(sl|tr|ap|aq|wl)-[a-z-]+-\d{3}$/);
    }
    expect(new Set(fleet.map((device) => device.name)).size).toBe(fleet.length);
  });

  it('spreads devices over all 13 districts, within about 1 km of their centres', () => {
    const fleet = buildFleet({ devices: 200, seed: 3 });
    expect(new Set(fleet.map((device) => device.district))).toEqual(new Set(kotaTangerang.districts.map((district) => district.name)));
    for (const device of fleet) {
      const centre = kotaTangerang.districts.find((district) => district.name === device.district);
      if (!centre) throw new Error(`unknown district ${device.district}`);
      const northM = (device.lat - centre.lat) * metresPerDegree;
      const eastM = (device.lon - centre.lon) * metresPerDegree * Math.cos((centre.lat * Math.PI) / 180);
      expect(Math.hypot(northM, eastM)).toBeLessThanOrEqual(1_001);
    }
  });

  it('names water posts and Wi-Fi parks after real places in Kota Tangerang', () => {
    const fleet = buildFleet({ devices: 200 });
    const names = (kind: string) => fleet.filter((device) => device.kind === kind).map((device) => device.name);
    expect(names('water-level')).toContain('Kali Ledug');
    expect(names('wifi-ap')).toContain('Wi-Fi Taman Bambu');
  });

  it('places a fleet in another city, named by district', () => {
    const fleet = buildFleet({ devices: 12, city: kotaSerang });
    expect(new Set(fleet.map((device) => device.district))).toEqual(new Set(kotaSerang.districts.map((district) => district.name)));
    expect(fleet.find((device) => device.kind === 'water-level')?.name).toMatch(/^Water Level /);
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => buildFleet({ devices: -1 })).toThrow(RangeError);
    expect(() => buildFleet({ devices: 2.5 })).toThrow(/whole number/);
  });
});
