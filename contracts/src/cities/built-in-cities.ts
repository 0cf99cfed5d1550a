import badungCity from '../../cities/badung/city.json' with { type: 'json' };
import badungDistricts from '../../cities/badung/districts.geo.json' with { type: 'json' };
import badungOutline from '../../cities/badung/outline.geo.json' with { type: 'json' };
import serangCity from '../../cities/kota-serang/city.json' with { type: 'json' };
import serangDistricts from '../../cities/kota-serang/districts.geo.json' with { type: 'json' };
import serangOutline from '../../cities/kota-serang/outline.geo.json' with { type: 'json' };
import tangerangCity from '../../cities/kota-tangerang/city.json' with { type: 'json' };
import tangerangDistricts from '../../cities/kota-tangerang/districts.geo.json' with { type: 'json' };
import tangerangOutline from '../../cities/kota-tangerang/outline.geo.json' with { type: 'json' };
import tangselCity from '../../cities/tangerang-selatan/city.json' with { type: 'json' };
import tangselDistricts from '../../cities/tangerang-selatan/districts.geo.json' with { type: 'json' };
import tangselOutline from '../../cities/tangerang-selatan/outline.geo.json' with { type: 'json' };
import { assembleCity } from './assemble-city';
import type { City } from './city-schema';

/**
 * The cities Kendali ships (`contracts/cities/<id>/`): Kota Tangerang, Kota Serang, Tangerang
 * Selatan and Kabupaten Badung. They are data like any city a user adds, and pass the same checks.
 */
export const kotaTangerang: City = assembleCity({ city: tangerangCity, districts: tangerangDistricts, outline: tangerangOutline }, 'kota-tangerang');
export const kotaSerang: City = assembleCity({ city: serangCity, districts: serangDistricts, outline: serangOutline }, 'kota-serang');
export const tangerangSelatan: City = assembleCity({ city: tangselCity, districts: tangselDistricts, outline: tangselOutline }, 'tangerang-selatan');
export const badung: City = assembleCity({ city: badungCity, districts: badungDistricts, outline: badungOutline }, 'badung');

/** Built-in cities by id. */
export const builtInCities: Readonly<Record<string, City>> = Object.freeze(Object.fromEntries([kotaTangerang, kotaSerang, tangerangSelatan, badung].map((city) => [city.id, city])));

/** The city a platform serves when `KENDALI_CITY` is not set. */
export const defaultCityId = 'kota-tangerang';
