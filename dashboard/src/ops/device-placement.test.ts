import type { City } from '@kendali/contracts';
import { builtInCities } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { cityAreas, covers, districtAt, districtNamed } from './city-areas';
import { placeDevice } from './device-placement';

const city = (id: string): City => {
  const found = builtInCities[id];
  if (!found) throw new Error(`no built-in city ${id}`);
  return found;
};
const tangerang = city('kota-tangerang');
const areas = cityAreas([tangerang, city('tangerang-selatan')]);
const area = (name: string) => {
  const found = districtNamed(areas, name);
  if (!found) throw new Error(`${name} is not on the map`);
  return found;
};
const gate = tangerang.waterGates[0]!;
const monas = { lat: -6.1754, lon: 106.8272 }; // central Jakarta: off this map

describe('the districts of the map', () => {
  it('finds a district by the name devices give or by its id, in any city of the room', () => {
    expect(districtNamed(areas, 'Karang Tengah')?.district.id).toBe('karang-tengah');
    expect(districtNamed(areas, 'karang-tengah')?.district.name).toBe('Karang Tengah');
    expect(districtNamed(areas, ' pamulang ')?.cityId).toBe('tangerang-selatan');
    expect(districtNamed(areas, 'Menteng')).toBeNull();
    expect(districtNamed(areas, null)).toBeNull();
  });

  it("tells which district covers a point: each district's inner point is its own, Jakarta is off the map", () => {
    for (const { district } of areas.areas) expect(districtAt(areas, district)?.district.id, district.id).toBe(district.id);
    expect(districtAt(areas, monas)).toBeNull();
    expect(covers(area('Benda'), area('Cipondoh').district)).toBe(false);
  });
});

describe('where a device is drawn', () => {
  it('keeps a registered position that is on the map', () => {
    expect(placeDevice(areas, { id: 'wl-gate', district: gate.district, lat: gate.lat, lon: gate.lon })).toEqual({ lon: gate.lon, lat: gate.lat });
  });

  it('puts a device without a position, or with one off the map, on a spot inside its district', () => {
    for (const device of [
      { id: 'aq-cipondoh-1', district: 'Cipondoh', lat: null, lon: null },
      { id: 'aq-cipondoh-2', district: 'cipondoh', lat: monas.lat, lon: monas.lon },
      { id: 'ap-pamulang-7', district: 'Pamulang', lat: null, lon: null },
    ]) {
      const spot = placeDevice(areas, device);
      expect(spot, device.id).not.toBeNull();
      expect(covers(area(device.district), spot!), device.id).toBe(true);
    }
  });

  it('gives each device its own spot, the same on every call', () => {
    const spots = Array.from({ length: 40 }, (_, i) => placeDevice(areas, { id: `sl-benda-${i}`, district: 'Benda', lat: null, lon: null }));
    expect(new Set(spots.map((s) => `${s?.lon},${s?.lat}`)).size).toBe(40);
    expect(placeDevice(areas, { id: 'sl-benda-3', district: 'Benda', lat: null, lon: null })).toEqual(spots[3]);
    for (const spot of spots) expect(covers(area('Benda'), spot!)).toBe(true);
  });

  it('leaves out a device of a district no city of the room has, unless it stands on the map', () => {
    expect(placeDevice(areas, { id: 'x-1', district: 'Menteng', lat: null, lon: null })).toBeNull();
    expect(placeDevice(areas, { id: 'x-2', district: 'Menteng', lat: monas.lat, lon: monas.lon })).toBeNull();
    expect(placeDevice(areas, { id: 'x-3', district: 'Menteng', lat: gate.lat, lon: gate.lon })).toEqual({ lon: gate.lon, lat: gate.lat });
  });
});
