import polylabel from 'polylabel';
import type { Static, TSchema } from 'typebox';
import Value from 'typebox/value';
import type { AreaGeometry } from './geometry-schema';
import { DistrictCollection, OutlineCollection } from './geometry-schema';
import type { City, District } from './city-schema';
import { CityDocument } from './city-schema';

/** The three files a city is made of, parsed but not yet trusted. */
export interface CityFiles {
  /** `city.json`: names, zone, centre, water gates, sites. */
  readonly city: unknown;
  /** `districts.geo.json`: the kecamatan as GeoJSON features named and coded. */
  readonly districts: unknown;
  /** `outline.geo.json`: the city's outline. */
  readonly outline: unknown;
}

/** A city's files do not describe a usable city; each problem names the file and the JSON path. */
export class CityDataError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'CityDataError';
  }
}

const problemsShown = 5;

function schemaProblems(file: string, schema: TSchema, value: unknown): string[] {
  if (Value.Check(schema, value)) return [];
  return Value.Errors(schema, value)
    .slice(0, problemsShown)
    .map((error) => `${file} ${error.instancePath || '/'} ${error.message}`);
}

/** The district's name as an id: `Karang Tengah` → `karang-tengah` (readings name either). */
export function districtIdOf(name: string): string {
  return name.trim().toLowerCase().replaceAll(/\s+/g, '-');
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Area of a polygon's outer ring in square degrees (shoelace): enough to find a district's main part. */
function ringArea(ring: readonly (readonly number[])[]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) twice += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return Math.abs(twice / 2);
}

const labelPrecisionDeg = 0.0005; // ~55 m: finer changes nothing on a wall

/** A point well inside the area's largest part, far from its edges (where a label fits best). */
function innerPoint(geometry: AreaGeometry): { lat: number; lon: number } {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const largest = polygons.reduce((best, polygon) => (ringArea(polygon[0]!) > ringArea(best[0]!) ? polygon : best));
  const [lon, lat] = polylabel(largest.map((ring) => ring.map((position) => [position[0]!, position[1]!])), labelPrecisionDeg);
  return { lat: lat!, lon: lon! };
}

function crossChecks(document: CityDocument, districts: readonly District[]): string[] {
  const problems: string[] = [];
  if (!isTimeZone(document.timeZone)) problems.push(`city.json /timeZone "${document.timeZone}" is not an IANA time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)`);
  const names = new Set<string>();
  for (const [index, district] of districts.entries()) {
    if (names.has(district.id)) problems.push(`districts.geo.json /features/${index}/properties/name "${district.name}" is used twice`);
    names.add(district.id);
    if (!district.code.startsWith(`${document.code}.`)) problems.push(`districts.geo.json /features/${index}/properties/code "${district.code}" is not inside the city's code ${document.code}`);
  }
  const places = [
    ...document.waterGates.map((place, index) => ({ place, path: `/waterGates/${index}` })),
    ...document.sites.parks.map((place, index) => ({ place, path: `/sites/parks/${index}` })),
    ...document.sites.junctions.map((place, index) => ({ place, path: `/sites/junctions/${index}` })),
  ];
  const ids = new Set<string>();
  for (const { place, path } of places) {
    if (!names.has(districtIdOf(place.district))) problems.push(`city.json ${path}/district "${place.district}" is not a district of the city (${districts.map((d) => d.name).join(', ')})`);
    if (ids.has(place.id)) problems.push(`city.json ${path}/id "${place.id}" is used twice`);
    ids.add(place.id);
  }
  return problems;
}

/**
 * A city from its files, checked against their schemas and against each other: the zone exists,
 * every district is named once, every gate and site stands in one of the districts.
 */
export function assembleCity(files: CityFiles, source = 'city'): City {
  const problems = [
    ...schemaProblems('city.json', CityDocument, files.city),
    ...schemaProblems('districts.geo.json', DistrictCollection, files.districts),
    ...schemaProblems('outline.geo.json', OutlineCollection, files.outline),
  ];
  if (problems.length > 0) throw new CityDataError(source, problems);
  const document = files.city as CityDocument;
  const features = (files.districts as Static<typeof DistrictCollection>).features;
  const districts = features.map((feature): District => {
    const { name, code } = feature.properties;
    return { id: districtIdOf(name), name, code, ...innerPoint(feature.geometry), geometry: feature.geometry };
  });
  const crossProblems = crossChecks(document, districts);
  if (crossProblems.length > 0) throw new CityDataError(source, crossProblems);
  return {
    id: document.id,
    name: document.name,
    names: document.names,
    province: document.province,
    code: document.code,
    zone: { timeZone: document.timeZone, abbreviation: document.zoneAbbreviation },
    lat: document.centre.lat,
    lon: document.centre.lon,
    districts,
    outline: (files.outline as Static<typeof OutlineCollection>).features[0]!.geometry,
    waterGates: document.waterGates,
    sites: document.sites,
  };
}
