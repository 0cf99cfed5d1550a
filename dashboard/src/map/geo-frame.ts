import type { AreaGeometry, City } from '@kendali/contracts';
import type { GeoPermissibleObjects } from 'd3-geo';
import { geoIdentity, geoPath } from 'd3-geo';

/** A point in map units: x to the right, y down. */
export type MapPoint = readonly [x: number, y: number];

/** A district drawn in a frame. */
export interface FramedDistrict {
  /** The district's id (`karang-tengah`): readings and devices name it by name or id. */
  readonly id: string;
  readonly name: string;
  readonly cityId: string;
  /** SVG path of its boundary, map units. */
  readonly path: string;
  /** Its centre of area, map units (where it "is", for tests and leader lines). */
  readonly centroid: MapPoint;
  /** A point well inside it, far from its edges: where its name fits best. */
  readonly inner: MapPoint;
  /** Its bounding box, map units: [[left, top], [right, bottom]]. */
  readonly bounds: readonly [MapPoint, MapPoint];
  /** Its area, square map units. */
  readonly area: number;
}

/** Several cities drawn together in one frame, `width` map units across. */
export interface GeoFrame {
  readonly width: number;
  readonly height: number;
  /** Map units of a longitude and latitude (null only off the projection's domain). */
  project(lon: number, lat: number): MapPoint | null;
  /** SVG path of any area. */
  path(geometry: AreaGeometry): string;
  readonly districts: readonly FramedDistrict[];
  /** Each city's outline, to draw city borders heavier than district borders. */
  readonly outlines: readonly { readonly cityId: string; readonly path: string }[];
}

const frameWidth = 1_000; // map units across; the height follows the cities' shape

// d3 reads GeoJSON and never changes it; its types want mutable arrays, ours are readonly.
const featureOf = (geometry: AreaGeometry): GeoPermissibleObjects => ({ type: 'Feature', properties: {}, geometry }) as unknown as GeoPermissibleObjects;

/**
 * The cities fitted into one frame with a planar projection (longitude and latitude as x and y,
 * y flipped). Planar is right here: the cities lie within 10° of the equator, where a degree of
 * longitude is 98.9-100% of a degree of latitude, and it ignores ring winding (RFC 7946 rings are
 * counter-clockwise, the opposite of what d3's spherical projections expect).
 */
export function frameCities(cities: readonly City[], paddingShare = 0.02): GeoFrame {
  const outlines = { type: 'FeatureCollection', features: cities.map((city) => featureOf(city.outline)) } as unknown as GeoPermissibleObjects;
  // Bounds in degrees (no projection): the frame takes the cities' shape.
  const [[west, south], [east, north]] = geoPath().bounds(outlines);
  const pad = frameWidth * paddingShare;
  const height = Math.ceil(((north - south) / (east - west)) * (frameWidth - 2 * pad) + 2 * pad);
  const projection = geoIdentity().reflectY(true);
  projection.fitExtent([[pad, pad], [frameWidth - pad, height - pad]], outlines);
  const toPath = geoPath(projection);
  const project = (lon: number, lat: number): MapPoint | null => {
    const at = projection([lon, lat]);
    return at ? [at[0], at[1]] : null;
  };
  const districts = cities.flatMap((city) =>
    city.districts.map((district): FramedDistrict => {
      const feature = featureOf(district.geometry);
      const [cx, cy] = toPath.centroid(feature);
      const [[x0, y0], [x1, y1]] = toPath.bounds(feature);
      return {
        id: district.id,
        name: district.name,
        cityId: city.id,
        path: toPath(feature) ?? '',
        centroid: [cx, cy],
        inner: project(district.lon, district.lat) ?? [cx, cy],
        bounds: [[x0, y0], [x1, y1]],
        area: toPath.area(feature),
      };
    }),
  );
  return {
    width: frameWidth,
    height,
    project,
    path: (geometry) => toPath(featureOf(geometry)) ?? '',
    districts,
    outlines: cities.map((city) => ({ cityId: city.id, path: toPath(featureOf(city.outline)) ?? '' })),
  };
}
