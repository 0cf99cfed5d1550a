import { useMemo } from 'react';
import { useCities } from '../city/cities-context';
import type { FittedFrame, MapBox } from '../map/frame-box';
import { fitFrame, ringsOf } from '../map/frame-box';
import type { FramedDistrict, GeoFrame, MapPoint } from '../map/geo-frame';
import { frameCities } from '../map/geo-frame';
import { innerPoints } from '../map/device-markers';
import type { DistrictCounts } from '../map/city-map';
import { boldCharEm, digitEm, floorRem, textSlack } from './wall-metrics';

/**
 * The map's box on the wall, rem (the stage is 60 x 33.75 rem): more than half the stage's width,
 * as tall as the main area leaves under the legend (wall-parts.css sizes the panel around it).
 */
const mapBoxRem: MapBox = { width: 30.6, height: 21.8 };
/** The strip at the bottom of the box the geography leaves to the attribution, rem. */
const attributionStripRem = 1;
const paddingRem = 0.3;

/** The room's cities fitted into the wall's map box, with what the labels and markers need. */
export interface WallFrame {
  readonly frame: GeoFrame;
  readonly fitted: FittedFrame;
  /** A point well inside each district, box units. */
  readonly inner: ReadonlyMap<string, MapPoint>;
  /** Each district's rings, box units. */
  readonly rings: ReadonlyMap<string, readonly (readonly MapPoint[])[]>;
}

export function wallFrameOf(cities: Parameters<typeof frameCities>[0]): WallFrame {
  const frame = frameCities(cities);
  // Fitted above the attribution's strip, then placed in the whole box.
  const fitted = fitFrame(frame, { width: mapBoxRem.width, height: mapBoxRem.height - attributionStripRem }, paddingRem);
  const whole: typeof fitted = { ...fitted, box: mapBoxRem };
  const geometry = new Map(cities.flatMap((city) => city.districts.map((d) => [d.id, d.geometry] as const)));
  const ringsOfDistrict = (d: FramedDistrict) => {
    const area = geometry.get(d.id);
    return area === undefined ? [] : ringsOf(area, whole);
  };
  const rings = new Map(frame.districts.map((d) => [d.id, ringsOfDistrict(d)]));
  return { frame, fitted: whole, inner: innerPoints(frame, whole), rings };
}

/** The wall's map frame of the room's cities, made once. */
export function useWallFrame(): WallFrame {
  const { cities } = useCities();
  return useMemo(() => wallFrameOf(cities), [cities]);
}

/**
 * A label's box, rem: the status shape and the name in bold, then, while some are offline, the
 * count of offline devices after its shape, on one line (wall-parts.css). Widths allow for the text
 * 10% wider (`textSlack`), as the browser test sets it.
 */
export function labelSize(name: string, counts: DistrictCounts): { width: number; height: number } {
  const iconEm = 0.85;
  const offline = counts.offline > 0 ? String(counts.offline).length * digitEm * textSlack + iconEm : 0;
  const gapsRem = 0.2 + 0.4 + (counts.offline > 0 ? 0.4 + 0.12 : 0); // icon gap, padding, name to count
  return { width: (name.length * boldCharEm * textSlack + iconEm + offline) * floorRem + gapsRem, height: 1.08 * floorRem + 0.08 };
}
