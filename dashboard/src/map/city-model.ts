import type { City } from '@kendali/contracts';
import type { LonLat, Point, Polygon, Projection } from './geometry';
import { centroid, contains, pathData, projectionFor, voronoiCells } from './geometry';
import type { Obstacle } from './label-layout';
import { layoutLabels } from './label-layout';

interface DistrictShape {
  readonly id: string;
  readonly name: string;
  readonly centre: Point;
  readonly cell: Polygon;
  readonly path: string;
  /** The cell's centre of mass, where the label would go with room enough. */
  readonly anchor: Point;
  /** Where the name goes, in map units. */
  readonly label: Point;
}

/** A city drawn in map units (1,000 across). */
export interface CityModel {
  readonly cityId: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly project: Projection;
  readonly outlinePath: string;
  readonly districts: readonly DistrictShape[];
  readonly byKey: ReadonlyMap<string, DistrictShape>;
}

const knownKeys = new Map<string, string>();
const knownKeysMax = 1_024; // district names of a city or two; a bound in case a stream sends many

/**
 * Readings and devices name their district by name ("Karang Tengah") or id ("karang-tengah").
 * The wall asks for every one of thousands of readings on each redraw, so the few names a city has
 * are remembered.
 */
export function districtKey(nameOrId: string): string {
  const known = knownKeys.get(nameOrId);
  if (known !== undefined) return known;
  const key = nameOrId.trim().toLowerCase().replaceAll(' ', '-');
  if (knownKeys.size >= knownKeysMax) knownKeys.clear();
  knownKeys.set(nameOrId, key);
  return key;
}

/** Size of a district label in map units: the wall's label type against the map's width. */
export interface LabelMetrics {
  /** Width of one character plus the label's padding share, map units. */
  readonly charWidth: number;
  /** Width of the status shape, gaps and padding, map units. */
  readonly extraWidth: number;
  readonly height: number;
  /** Boxes drawn over the map (legend, inset), as shares of the map's width and height. */
  readonly obstacles?: readonly { readonly left: number; readonly top: number; readonly width: number; readonly height: number }[];
}

export function buildCityModel(city: City, outline: readonly LonLat[], metrics: LabelMetrics | null = null): CityModel {
  const project = projectionFor(outline);
  const outlinePoints = outline.map(project);
  const centres = city.districts.map(project);
  const cells = voronoiCells(centres, outlinePoints);
  const anchors = cells.map((cell) => centroid(cell));
  const labels = metrics
    ? layoutLabels(
        city.districts.map((d, i) => ({ anchor: anchors[i]!, width: d.name.length * metrics.charWidth + metrics.extraWidth, height: metrics.height })),
        project.width,
        project.height,
        (metrics.obstacles ?? []).map((o): Obstacle => ({
          centre: [(o.left + o.width / 2) * project.width, (o.top + o.height / 2) * project.height],
          width: o.width * project.width,
          height: o.height * project.height,
        })),
      )
    : anchors;
  const districts = city.districts.map((district, i): DistrictShape => {
    const cell = cells[i] ?? [];
    return { id: district.id, name: district.name, centre: centres[i]!, cell, path: pathData(cell), anchor: anchors[i]!, label: labels[i] ?? anchors[i]! };
  });
  return {
    cityId: city.id,
    name: city.name,
    width: project.width,
    height: project.height,
    project,
    outlinePath: pathData(outlinePoints),
    districts,
    byKey: new Map(districts.map((d) => [d.id, d])),
  };
}

/** A small, stable number in [0, 1) from a text (FNV-1a): the same device lands on the same spot. */
function unitHash(text: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 0x1_0000_0000;
}

/**
 * Where a device goes on the map: its registered position when it has one inside the city, else a
 * stable spot in its district's cell (hashed from its id), else nowhere (another city's device).
 */
export function placeDevice(model: CityModel, device: { readonly id: string; readonly district: string; readonly lat: number | null; readonly lon: number | null }): Point | null {
  const shape = model.byKey.get(districtKey(device.district));
  if (device.lat !== null && device.lon !== null) {
    const at = model.project({ lon: device.lon, lat: device.lat });
    if (shape === undefined || contains(shape.cell, at)) return at;
  }
  if (shape === undefined) return null;
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const angle = unitHash(device.id, attempt) * 2 * Math.PI;
    const radius = Math.sqrt(unitHash(device.id, attempt + 101)) * 70; // map units
    const at: Point = [shape.centre[0] + radius * Math.cos(angle), shape.centre[1] + radius * Math.sin(angle)];
    if (contains(shape.cell, at)) return at;
  }
  return shape.centre;
}
