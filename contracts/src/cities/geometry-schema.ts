import { Type, type Static } from 'typebox';
import { List, Message } from '../messages/schema-builders';

/**
 * The GeoJSON (RFC 7946) a city's map is drawn from: kecamatan as polygons in WGS 84 longitude and
 * latitude. Only what a city needs is accepted: Polygon and MultiPolygon areas.
 */

// [RFC 7946 §3.1.1] A position is longitude, latitude and an optional elevation.
const Position = List(Type.Number(), { minItems: 2, maxItems: 3, description: 'longitude, latitude (WGS 84, degrees)' });
// [RFC 7946 §3.1.6] A linear ring is closed and has four or more positions.
const LinearRing = List(Position, { minItems: 4 });

export const PolygonGeometry = Message({ type: Type.Literal('Polygon'), coordinates: List(LinearRing, { minItems: 1 }) });
export const MultiPolygonGeometry = Message({ type: Type.Literal('MultiPolygon'), coordinates: List(List(LinearRing, { minItems: 1 }), { minItems: 1 }) });

/** The area of a district or a city: one polygon, or several (a kecamatan with islets). */
export const AreaGeometry = Type.Union([PolygonGeometry, MultiPolygonGeometry], { description: 'GeoJSON Polygon or MultiPolygon, WGS 84' });
export type AreaGeometry = Static<typeof AreaGeometry>;

/** A kecamatan as the geometry files carry it: its name and Kemendagri code, and its area. */
export const DistrictFeature = Message({
  type: Type.Literal('Feature'),
  properties: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 64 }),
    code: Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$', description: 'Kemendagri kecamatan code, e.g. 36.71.02' }),
  }),
  geometry: AreaGeometry,
});

/** `districts.geo.json`: every kecamatan of the city. */
export const DistrictCollection = Message({ type: Type.Literal('FeatureCollection'), features: List(DistrictFeature, { minItems: 1, maxItems: 200 }) });

/** `outline.geo.json`: the city's outline, one feature. */
export const OutlineCollection = Message({
  type: Type.Literal('FeatureCollection'),
  features: List(Message({ type: Type.Literal('Feature'), geometry: AreaGeometry }), { minItems: 1, maxItems: 1 }),
});
