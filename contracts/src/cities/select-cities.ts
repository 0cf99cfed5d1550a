import type { CityFiles } from './assemble-city';
import { assembleCity, CityDataError } from './assemble-city';
import { builtInCities } from './built-in-cities';
import type { City } from './city-schema';

/**
 * Reads one file of a city directory as text. The caller brings the file system (the platform and
 * the simulator CLI pass `fs.readFileSync`), so contracts stays free of Node's modules.
 */
export type CityFileReader = (directory: string, fileName: string) => string;

const cityFileNames = { city: 'city.json', districts: 'districts.geo.json', outline: 'outline.geo.json' } as const;

function readJson(directory: string, fileName: string, readFile: CityFileReader): unknown {
  let text: string;
  try {
    text = readFile(directory, fileName);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
    throw new CityDataError(directory, [`${fileName} cannot be read (${reason})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CityDataError(directory, [`${fileName} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

/** A city from a directory holding `city.json`, `districts.geo.json` and `outline.geo.json`, checked by `assembleCity`. */
export function readCityDirectory(directory: string, readFile: CityFileReader): City {
  const files: CityFiles = {
    city: readJson(directory, cityFileNames.city, readFile),
    districts: readJson(directory, cityFileNames.districts, readFile),
    outline: readJson(directory, cityFileNames.outline, readFile),
  };
  return assembleCity(files, directory);
}

/** Splits a comma-separated list of cities (`kota-tangerang,tangerang-selatan`), dropping blanks. */
export function cityEntries(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * The cities a room watches, in the order given (the first is the room's own: its zone is the
 * room's clock): each entry a built-in city id or a city directory. Refuses an entry given twice,
 * two cities with one id, and a district id in two cities (a reading names its district, so that
 * district would belong to both).
 */
export function selectCities(entries: readonly string[], readFile: CityFileReader): City[] {
  if (entries.length === 0) throw new CityDataError('the list', [`no city given: name a built-in city (${Object.keys(builtInCities).join(', ')}) or a city directory`]);
  const seen = new Set<string>();
  const cities: City[] = [];
  for (const entry of entries) {
    if (seen.has(entry)) throw new CityDataError(entry, ['is given twice']);
    seen.add(entry);
    const city = builtInCities[entry] ?? readCityOrExplain(entry, readFile);
    const sameId = cities.find((other) => other.id === city.id);
    if (sameId !== undefined) throw new CityDataError(entry, [`city id "${city.id}" is already served (give each city once)`]);
    for (const district of city.districts) {
      const owner = cities.find((other) => other.districts.some((d) => d.id === district.id));
      if (owner !== undefined) throw new CityDataError(entry, [`district "${district.name}" (id ${district.id}) is also a district of ${owner.id}: district ids must be unique across the cities of one room`]);
    }
    cities.push(city);
  }
  return cities;
}

function readCityOrExplain(entry: string, readFile: CityFileReader): City {
  try {
    return readCityDirectory(entry, readFile);
  } catch (error) {
    const unreadable = error instanceof CityDataError && error.problems.length === 1 && error.problems[0]!.startsWith(`${cityFileNames.city} cannot be read`);
    if (!unreadable) throw error;
    throw new CityDataError(entry, [`is neither a built-in city (${Object.keys(builtInCities).join(', ')}) nor a directory holding ${Object.values(cityFileNames).join(', ')} (${error.problems[0]})`]);
  }
}
