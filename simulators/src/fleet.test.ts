import { describe, expect, it } from 'vitest';
import { builtInKindNames, deviceIdPattern, kotaSerang, kotaTangerang, tangerangSelatan } from '@kendali/contracts';
import { buildFleet } from './fleet';
import type { SimulatedDevice } from './fleet';

const metresPerDegree = 111_320;
const distanceM = (a: { lat: number; lon: number }, b: { lat: number; lon: number }): number =>
  Math.hypot((a.lat - b.lat) * metresPerDegree, (a.lon - b.lon) * metresPerDegree * Math.cos((b.lat * Math.PI) / 180));
const ofKind = (fleet: SimulatedDevice[], kind: string) => fleet.filter((device) => device.kind === kind);

describe('buildFleet', () => {
  it('builds the same fleet from the same seed', () => {
    expect(buildFleet({ devices: 300, seed: 7 })).toEqual(buildFleet({ devices: 300, seed: 7 }));
  });

  it('keeps ids, kinds, names, districts and metadata across seeds; only positions move', () => {
    const one = buildFleet({ devices: 50, seed: 1 });
    const two = buildFleet({ devices: 50, seed: 2 });
    const identity = (fleet: typeof one) => fleet.map(({ lat: _lat, lon: _lon, ...rest }) => rest);
    expect(identity(two)).toEqual(identity(one));
    expect(two.map((device) => device.lat)).not.toEqual(one.map((device) => device.lat));
  });

  it('matches the recorded five-device fleet for seed 1', () => {
    expect(buildFleet({ devices: 5, seed: 1 })).toEqual([
      { id: 'sl-tangerang-001', kind: 'street-light', name: 'Street Light Tangerang 1', district: 'Tangerang', lat: -6.176847, lon: 106.645105, installDate: '2024-04-02', timeZone: 'Asia/Jakarta' },
      {
        id: 'tr-simpang-tanah-tinggi', kind: 'traffic', name: 'Simpang Tanah Tinggi', district: 'Tangerang', lat: -6.1839, lon: 106.644,
        metadata: { junction: 'Simpang Tanah Tinggi' }, installDate: '2025-11-10', timeZone: 'Asia/Jakarta',
      },
      {
        id: 'ap-taman-potret-1', kind: 'wifi-ap', name: 'Wi-Fi Taman Potret', district: 'Tangerang', lat: -6.207738, lon: 106.637735,
        metadata: { park: 'Taman Potret' }, installDate: '2020-10-18', timeZone: 'Asia/Jakarta',
      },
      { id: 'aq-benda-001', kind: 'air-quality', name: 'AQ Benda 1', district: 'Benda', lat: -6.123724, lon: 106.661447, installDate: '2023-10-08', timeZone: 'Asia/Jakarta' },
      {
        id: 'wl-pintu-air-10', kind: 'water-level', name: 'Pintu Air 10 (Bendung Pasar Baru)', district: 'Karawaci', lat: -6.1745, lon: 106.6268,
        metadata: { gate: 'pintu-air-10', river: 'Cisadane' }, installDate: '2023-01-17', timeZone: 'Asia/Jakarta',
        gate: expect.objectContaining({ id: 'pintu-air-10', floodsInDrill: true }),
      },
    ]);
  });

  it("spreads a regional fleet over every city by its number of districts, each device on its own city's clock", () => {
    const fleet = buildFleet({ devices: 200, cities: [kotaTangerang, tangerangSelatan] });
    const tangselDistricts = new Set(tangerangSelatan.districts.map((district) => district.name));
    const inTangsel = fleet.filter((device) => tangselDistricts.has(device.district));
    expect(fleet).toHaveLength(200);
    expect(inTangsel).toHaveLength(70); // 7 of the 20 districts
    expect(new Set(inTangsel.map((device) => device.kind))).toEqual(new Set(builtInKindNames));
    expect(new Set(fleet.map((device) => device.id)).size).toBe(200);
    expect(new Set(fleet.map((device) => device.timeZone))).toEqual(new Set(['Asia/Jakarta']));
  });

  it.each([5, 6, 13, 50, 200, 1000])('has every kind with %i devices', (devices) => {
    const fleet = buildFleet({ devices });
    expect(fleet).toHaveLength(devices);
    expect(new Set(fleet.map((device) => device.kind))).toEqual(new Set(builtInKindNames));
  });

  it('mixes kinds in the planned shares', () => {
    const fleet = buildFleet({ devices: 1000 });
    const share = (kind: string) => ofKind(fleet, kind).length / fleet.length;
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

  it('gives unique ids and names that topics accept, up to stress sizes', () => {
    const fleet = buildFleet({ devices: 10_000 });
    expect(new Set(fleet.map((device) => device.id)).size).toBe(fleet.length);
    expect(new Set(fleet.map((device) => device.name)).size).toBe(fleet.length);
    for (const device of fleet) expect(device.id).toMatch(deviceIdPattern);
  });

  it('puts a water-level sensor on every gate and post of Kota Tangerang, with its gate and river', () => {
    const posts = ofKind(buildFleet({ devices: 200 }), 'water-level');
    expect(posts.slice(0, 2).map((device) => device.id)).toEqual(['wl-pintu-air-10', 'wl-kali-ledug']);
    for (const gate of kotaTangerang.waterGates) {
      const device = posts.find((candidate) => candidate.metadata?.gate === gate.id);
      expect(device, gate.id).toMatchObject({ id: `wl-${gate.id}`, name: gate.name, district: gate.district, lat: gate.lat, lon: gate.lon, metadata: { river: gate.river } });
    }
    // More sensors than gates: second sensors at the same gates.
    expect(posts.find((device) => device.id === 'wl-pintu-air-10-2')).toMatchObject({ name: 'Pintu Air 10 (Bendung Pasar Baru) (sensor 2)', metadata: { gate: 'pintu-air-10' } });
  });

  it('puts access points in the named parks, then RW-NET units in the districts', () => {
    const aps = ofKind(buildFleet({ devices: 1000 }), 'wifi-ap');
    const names = aps.map((device) => device.name);
    for (const park of ['Taman Potret', 'Taman Bambu', 'Kampung Markisa', 'Taman Laksa', 'Teras Cisadane', 'Situ Cipondoh', 'Kampung Bekelir', 'Flying Deck']) {
      expect(names).toContain(`Wi-Fi ${park}`);
    }
    expect(aps.filter((device) => device.metadata?.park !== undefined)).toHaveLength(48); // 16 parks × 3
    expect(names).toContain('RW-NET Karawaci 1');
  });

  it('puts traffic counters at named junctions first', () => {
    const counters = ofKind(buildFleet({ devices: 200 }), 'traffic');
    expect(counters.slice(0, 3).map((device) => device.name)).toEqual(['Simpang Tanah Tinggi', 'Simpang Cikokol', 'Simpang Kebon Nanas']);
    expect(counters.filter((device) => device.metadata?.junction !== undefined)).toHaveLength(16);
  });

  it('keeps district devices within about 1 km of their centres, named sites within 60 m', () => {
    for (const device of buildFleet({ devices: 400, seed: 3 })) {
      const centre = kotaTangerang.districts.find((district) => district.name === device.district);
      if (!centre) throw new Error(`unknown district ${device.district}`);
      if (device.metadata === undefined) expect(distanceM(device, centre)).toBeLessThanOrEqual(1_001);
      else expect(distanceM(device, centre), device.id).toBeLessThan(6_000);
    }
    expect(new Set(buildFleet({ devices: 200 }).map((device) => device.district))).toEqual(new Set(kotaTangerang.districts.map((district) => district.name)));
  });

  it('places a fleet in Kota Serang or Tangerang Selatan, named by district', () => {
    const serang = buildFleet({ devices: 12, city: kotaSerang });
    expect(new Set(serang.map((device) => device.district))).toEqual(new Set(kotaSerang.districts.map((district) => district.name)));
    expect(serang.find((device) => device.kind === 'water-level')?.name).toMatch(/^Water Level /);
    const tangsel = buildFleet({ devices: 70, city: tangerangSelatan });
    expect(new Set(tangsel.map((device) => device.district))).toEqual(new Set(['Ciputat', 'Ciputat Timur', 'Pamulang', 'Pondok Aren', 'Serpong', 'Serpong Utara', 'Setu']));
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => buildFleet({ devices: -1 })).toThrow(RangeError);
    expect(() => buildFleet({ devices: 2.5 })).toThrow(/whole number/);
  });
});
