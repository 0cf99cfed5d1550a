/** Plane geometry for the schematic district map: projected points, half-plane clipping, Voronoi cells. */
export type Point = readonly [x: number, y: number];
export type Polygon = readonly Point[];

export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

/**
 * Equirectangular projection around the area's middle latitude: at 6° south one degree of
 * longitude is 0.994 of a degree of latitude, so the shapes keep their proportions. y grows southwards.
 */
export interface Projection {
  (place: LonLat): Point;
  readonly width: number;
  readonly height: number;
}

export function projectionFor(outline: readonly LonLat[], marginShare = 0.03): Projection {
  const lons = outline.map((p) => p.lon);
  const lats = outline.map((p) => p.lat);
  const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const cos = Math.cos((((north + south) / 2) * Math.PI) / 180);
  const rawWidth = (east - west) * cos;
  const rawHeight = north - south;
  const margin = Math.max(rawWidth, rawHeight) * marginShare;
  const scale = 1_000 / (rawWidth + 2 * margin); // 1,000 units across
  const project = ((place: LonLat): Point => [((place.lon - west) * cos + margin) * scale, (north - place.lat + margin) * scale]) as Projection;
  Object.defineProperties(project, {
    width: { value: 1_000 },
    height: { value: (rawHeight + 2 * margin) * scale },
  });
  return project;
}

/** Keeps the part of `polygon` nearer to `site` than to `other` (Sutherland-Hodgman against one half-plane). */
export function clipNearer(polygon: Polygon, site: Point, other: Point): Point[] {
  const nx = other[0] - site[0];
  const ny = other[1] - site[1];
  const c = (nx * (site[0] + other[0])) / 2 + (ny * (site[1] + other[1])) / 2;
  const side = (p: Point) => nx * p[0] + ny * p[1] - c; // <= 0: nearer to site
  const out: Point[] = [];
  for (let i = 0; i < polygon.length; i += 1) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    const sa = side(a);
    const sb = side(b);
    if (sa <= 0) out.push(a);
    if ((sa < 0 && sb > 0) || (sa > 0 && sb < 0)) {
      const t = sa / (sa - sb);
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

/** The Voronoi cell of every site, clipped to the outline: each place gets what is nearer to it than to any other. */
export function voronoiCells(sites: readonly Point[], outline: Polygon): Point[][] {
  return sites.map((site, i) => {
    let cell: Point[] = outline.slice();
    sites.forEach((other, j) => {
      if (j !== i && cell.length > 0) cell = clipNearer(cell, site, other);
    });
    return cell;
  });
}

export function polygonArea(polygon: Polygon): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i += 1) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    twice += a[0] * b[1] - b[0] * a[1];
  }
  return twice / 2;
}

/** Centre of mass of a simple polygon (where its label sits best). */
export function centroid(polygon: Polygon): Point {
  const area = polygonArea(polygon);
  if (Math.abs(area) < 1e-9) {
    const n = Math.max(1, polygon.length);
    return [polygon.reduce((s, p) => s + p[0], 0) / n, polygon.reduce((s, p) => s + p[1], 0) / n];
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < polygon.length; i += 1) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    const cross = a[0] * b[1] - b[0] * a[1];
    cx += (a[0] + b[0]) * cross;
    cy += (a[1] + b[1]) * cross;
  }
  return [cx / (6 * area), cy / (6 * area)];
}

export function contains(polygon: Polygon, p: Point): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i, i += 1) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** SVG path data of a closed polygon, rounded to 0.1 unit. */
export function pathData(polygon: Polygon): string {
  if (polygon.length === 0) return '';
  return `${polygon.map((p, i) => `${i === 0 ? 'M' : 'L'}${p[0].toFixed(1)},${p[1].toFixed(1)}`).join('')}Z`;
}
