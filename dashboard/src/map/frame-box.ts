import type { AreaGeometry } from '@kendali/contracts';
import type { GeoFrame, MapPoint } from './geo-frame';

/** A box on screen the map is drawn into, in rem (the wall's unit: its picture is the same at any panel size). */
export interface MapBox {
  readonly width: number;
  readonly height: number;
}

/** A frame fitted into a box, centred, its shape kept: frame units to box units and back. */
export interface FittedFrame {
  readonly box: MapBox;
  /** Box units per frame unit. */
  readonly scale: number;
  /** The frame's top-left corner in the box. */
  readonly offset: MapPoint;
  toBox(point: MapPoint): MapPoint;
  /** A longitude and latitude in box units (null off the projection's domain). */
  project(lon: number, lat: number): MapPoint | null;
}

export function fitFrame(frame: GeoFrame, box: MapBox, paddingRem: number): FittedFrame {
  const scale = Math.min((box.width - 2 * paddingRem) / frame.width, (box.height - 2 * paddingRem) / frame.height);
  const offset: MapPoint = [(box.width - frame.width * scale) / 2, (box.height - frame.height * scale) / 2];
  const toBox = (point: MapPoint): MapPoint => [offset[0] + point[0] * scale, offset[1] + point[1] * scale];
  return {
    box,
    scale,
    offset,
    toBox,
    project: (lon, lat) => {
      const at = frame.project(lon, lat);
      return at === null ? null : toBox(at);
    },
  };
}

/** The rings of an area (outer rings and holes alike) in box units. */
export function ringsOf(geometry: AreaGeometry, fitted: FittedFrame): MapPoint[][] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flatMap((rings) => rings.map((ring) => ring.map((position) => fitted.project(position[0] ?? 0, position[1] ?? 0)).filter((point) => point !== null)));
}

/** Whether a point lies in an area given by its rings (even-odd: holes count as outside). */
export function inRings(rings: readonly (readonly MapPoint[])[], [x, y]: MapPoint): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [ax, ay] = ring[i]!;
      const [bx, by] = ring[j]!;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    }
  }
  return inside;
}
