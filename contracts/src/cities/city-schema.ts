import { Type, type Static } from 'typebox';
import { List, Message } from '../messages/schema-builders';
import { AreaGeometry } from './geometry-schema';

const described = (description: string | undefined) => (description === undefined ? {} : { description });
const Latitude = (description?: string) => Type.Number({ minimum: -90, maximum: 90, ...described(description) });
const Longitude = () => Type.Number({ minimum: -180, maximum: 180 });
const Slug = (description?: string) => Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64, ...described(description) });
const Centimetres = (description: string) => Type.Number({ minimum: 0, maximum: 10_000, description });

/** The city's own words in each language the dashboard speaks. */
export const CityNames = Message({ id: Type.String({ minLength: 1, maxLength: 64 }), en: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * A water gate or water-level post and its flood alert levels (Siaga 4 normal … Siaga 1 highest):
 * a post is at Siaga n from that level's threshold up.
 */
export const WaterGateSchema = Message({
  id: Slug('stable id, also in simulated device ids (`wl-<id>`) and device metadata (`gate`)'),
  name: Type.String({ minLength: 1, maxLength: 96 }),
  river: Type.String({ minLength: 1, maxLength: 64 }),
  district: Type.String({ minLength: 1, maxLength: 64, description: 'kecamatan name, as in the geometry' }),
  lat: Latitude(),
  lon: Longitude(),
  normalCm: Centimetres('typical dry-weather level, cm above the gauge zero'),
  siaga3Cm: Centimetres('Siaga 3 (waspada) from this level, cm'),
  siaga2Cm: Centimetres('Siaga 2 (siaga) from this level, cm'),
  siaga1Cm: Centimetres('Siaga 1 (awas) from this level, cm'),
  riverKm: Type.Number({ minimum: 0, maximum: 1_000, description: 'distance along the river from its first post in the city, km; upstream posts have smaller values' }),
  basinLagHours: Type.Optional(
    Type.Number({ minimum: 0, maximum: 48, description: "hours from rain over the river's basin to its first post in the city (simulators; default 0.5, a city drain): a river from the hills upstream takes longer" }),
  ),
  floodsInDrill: Type.Optional(Type.Boolean({ description: "the simulators' flood drill takes this post through Siaga 3, 2 and 1 (default false: it swells but stays below Siaga 3)" })),
});
export type WaterGate = Static<typeof WaterGateSchema>;

/** A named place devices are installed at: a park, a junction. */
export const NamedSiteSchema = Message({
  id: Slug(),
  name: Type.String({ minLength: 1, maxLength: 96 }),
  district: Type.String({ minLength: 1, maxLength: 64, description: 'kecamatan name, as in the geometry' }),
  lat: Latitude(),
  lon: Longitude(),
});
export type NamedSite = Static<typeof NamedSiteSchema>;

/** `city.json`: everything about a city but its geometry (which sits beside it as GeoJSON). */
export const CityDocument = Message({
  id: Slug(),
  name: Type.String({ minLength: 1, maxLength: 64, description: 'official name, e.g. Kota Tangerang' }),
  names: CityNames,
  province: Type.String({ minLength: 1, maxLength: 64 }),
  code: Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}$', description: 'Kemendagri code, e.g. 36.71' }),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Asia/Jakarta, Asia/Makassar' }),
  zoneAbbreviation: Type.String({ pattern: '^[A-Z]{2,6}$', description: 'how people in the city write the zone after a time: WIB, WITA, WIT' }),
  centre: Message({ lat: Latitude(), lon: Longitude() }),
  waterGates: List(WaterGateSchema, { maxItems: 500 }),
  sites: Message({ parks: List(NamedSiteSchema, { maxItems: 2_000 }), junctions: List(NamedSiteSchema, { maxItems: 2_000 }) }),
});
export type CityDocument = Static<typeof CityDocument>;

/** A kecamatan of a city, ready to draw and to place devices in. */
export const DistrictSchema = Message({
  id: Slug('the name in lower case with dashes: karang-tengah'),
  name: Type.String(),
  code: Type.String(),
  lat: Latitude('with `lon`, a point well inside the district (its pole of inaccessibility), where its name and new devices go'),
  lon: Longitude(),
  geometry: AreaGeometry,
});
export type District = Static<typeof DistrictSchema>;

/** A city as the platform serves it (`GET /api/cities`): the document with its districts and outline. */
export const CitySchema = Message({
  id: Slug(),
  name: Type.String(),
  names: CityNames,
  province: Type.String(),
  code: Type.String(),
  zone: Message({ timeZone: Type.String(), abbreviation: Type.String() }),
  lat: Latitude(),
  lon: Longitude(),
  districts: List(DistrictSchema),
  outline: AreaGeometry,
  waterGates: List(WaterGateSchema),
  sites: Message({ parks: List(NamedSiteSchema), junctions: List(NamedSiteSchema) }),
});
export type City = Static<typeof CitySchema>;
