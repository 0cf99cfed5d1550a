import { describe, expect, it } from 'vitest';
import tangerangCity from '../../cities/kota-tangerang/city.json' with { type: 'json' };
import tangerangDistricts from '../../cities/kota-tangerang/districts.geo.json' with { type: 'json' };
import tangerangOutline from '../../cities/kota-tangerang/outline.geo.json' with { type: 'json' };
import { assembleCity, CityDataError } from './assemble-city';
import { builtInCities } from './built-in-cities';

const files = { city: tangerangCity, districts: tangerangDistricts, outline: tangerangOutline };

function problemsOf(changed: Partial<typeof files>): readonly string[] {
  try {
    assembleCity({ ...files, ...changed }, 'my-city');
  } catch (error) {
    if (error instanceof CityDataError) return error.problems;
    throw error;
  }
  throw new Error('the city was accepted');
}

describe('cities as data', () => {
  it('ships four cities, each with every kecamatan of its geometry, its zone and a point inside each district', () => {
    const counts = Object.fromEntries(Object.values(builtInCities).map((city) => [city.id, city.districts.length]));
    expect(counts).toEqual({ 'kota-tangerang': 13, 'kota-serang': 6, 'tangerang-selatan': 7, badung: 6 });
    expect(builtInCities.badung?.zone).toEqual({ timeZone: 'Asia/Makassar', abbreviation: 'WITA' });
    expect(builtInCities['kota-tangerang']?.zone).toEqual({ timeZone: 'Asia/Jakarta', abbreviation: 'WIB' });
    const benda = builtInCities['kota-tangerang']?.districts.find((d) => d.id === 'benda');
    const jatiuwung = builtInCities['kota-tangerang']?.districts.find((d) => d.id === 'jatiuwung');
    // Benda (the airport) lies north-east of Jatiuwung.
    expect(benda!.lat).toBeGreaterThan(jatiuwung!.lat);
    expect(benda!.lon).toBeGreaterThan(jatiuwung!.lon);
  });

  it('names the file and the JSON path of what is wrong', () => {
    expect(problemsOf({ city: { ...tangerangCity, timeZone: 'Asia/Jkarta' } })).toEqual([expect.stringMatching(/^city\.json \/timeZone "Asia\/Jkarta" is not an IANA time zone/)]);
    expect(problemsOf({ city: { ...tangerangCity, centre: { lat: -96, lon: 106 } } })).toEqual([expect.stringMatching(/^city\.json \/centre\/lat must be >= -90/)]);
    const [first, ...rest] = tangerangDistricts.features;
    const renamed = { ...tangerangDistricts, features: [{ ...first!, properties: { ...first!.properties, code: '367101' } }, ...rest] };
    expect(problemsOf({ districts: renamed })[0]).toMatch(/^districts\.geo\.json \/features\/0\/properties\/code must match pattern/);
  });

  it('refuses a gate or a site in a district the city does not have', () => {
    const [gate, ...gates] = tangerangCity.waterGates;
    const moved = { ...tangerangCity, waterGates: [{ ...gate!, district: 'Menteng' }, ...gates] };
    expect(problemsOf({ city: moved })).toEqual([expect.stringMatching(/^city\.json \/waterGates\/0\/district "Menteng" is not a district of the city \(Tangerang, Jatiuwung/)]);
  });
});
