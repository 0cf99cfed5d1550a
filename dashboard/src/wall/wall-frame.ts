import { useMemo } from 'react';
import { useCities } from '../city/cities-context';
import type { FittedFrame, MapBox } from '../map/frame-box';
import { fitFrame, ringsOf } from '../map/frame-box';
import type { FramedDistrict, GeoFrame, MapPoint } from '../map/geo-frame';
import { frameCities } from '../map/geo-frame';
import { innerPoints } from '../map/device-markers';
import type { DistrictCounts } from '../map/city-map';
import { noDevices } from '../map/city-map';
import type { DistrictLabelPlace, DistrictLabelRequest, Obstacle } from '../map/district-label-layout';
import { labelsApart, placeDistrictLabels } from '../map/district-label-layout';
import { boldCharEm, digitEm, floorRem, textSlack } from './wall-metrics';

/**
 * The map's box on the wall, rem (the stage is 60 x 33.75 rem): half the stage's width (the panel
 * around it a little more),
 * as tall as the main area leaves under the legend (wall-parts.css sizes the panel around it).
 */
const mapBoxRem: MapBox = { width: 30, height: 21.8 };
/** One line of the legend under the map, rem (wall.css: --line x --floor). */
const legendLineRem = 1.15 * 1.625;
/**
 * Lines of the legend: three where the map can spare one (a scene may show four or five shades and
 * the device counts), two for a regional room, whose twenty names need the map's full height.
 */
const legendLinesFor = (districtCount: number): 2 | 3 => (districtCount > 13 ? 2 : 3);
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
  /** Lines the legend under the map has (the map's box leaves it that room). */
  readonly legendLines: 2 | 3;
}

export function wallFrameOf(cities: Parameters<typeof frameCities>[0]): WallFrame {
  const frame = frameCities(cities);
  const legendLines = legendLinesFor(frame.districts.length);
  const box: MapBox = { width: mapBoxRem.width, height: mapBoxRem.height - (legendLines - 2) * legendLineRem };
  // Fitted above the attribution's strip, then placed in the whole box.
  const fitted = fitFrame(frame, { width: box.width, height: box.height - attributionStripRem }, paddingRem);
  const whole: typeof fitted = { ...fitted, box };
  const geometry = new Map(cities.flatMap((city) => city.districts.map((d) => [d.id, d.geometry] as const)));
  const ringsOfDistrict = (d: FramedDistrict) => {
    const area = geometry.get(d.id);
    return area === undefined ? [] : ringsOf(area, whole);
  };
  const rings = new Map(frame.districts.map((d) => [d.id, ringsOfDistrict(d)]));
  return { frame, fitted: whole, inner: innerPoints(frame, whole), rings, legendLines };
}

/** The wall's map frame of the room's cities, made once. */
export function useWallFrame(): WallFrame {
  const { cities } = useCities();
  return useMemo(() => wallFrameOf(cities), [cities]);
}

/**
 * A label's box, rem: the status shape and the name in bold, then, where shown, the devices online
 * of those registered ("12/14"), on one line (wall-parts.css). Widths allow for the text 10% wider
 * (`textSlack`), as the browser test sets it.
 */
export function labelSize(name: string, counts: DistrictCounts | null): { width: number; height: number } {
  const iconEm = 0.85;
  // As wide as when all are online: the label keeps its place as devices come and go.
  const figures = counts === null || counts.registered === 0 ? 0 : 2 * String(counts.registered).length + 1;
  const countEm = figures * digitEm * textSlack;
  const gapsRem = 0.2 + 0.4 + (figures > 0 ? 0.3 : 0); // icon gap, padding, name to count
  return { width: (name.length * boldCharEm * textSlack + iconEm + countEm) * floorRem + gapsRem, height: 1.08 * floorRem + 0.08 };
}

/** The labels of a wall's map, and whether they show their counts. */
export interface WallLabels {
  readonly labels: readonly DistrictLabelPlace[];
  readonly showCounts: boolean;
}

/**
 * Labels with each district's counts where they all fit clear of each other; where they do not (a
 * regional room of twenty districts), names only: the counts stay for screen readers and the legend.
 */
export function placeWallLabels(wall: WallFrame, counts: ReadonlyMap<string, DistrictCounts>, obstacles: readonly Obstacle[]): WallLabels {
  const requestsOf = (withCounts: boolean): DistrictLabelRequest[] =>
    wall.frame.districts.map((d) => ({
      id: d.id,
      inner: wall.inner.get(d.id) ?? [0, 0],
      rings: wall.rings.get(d.id) ?? [],
      ...labelSize(d.name, withCounts ? (counts.get(d.id) ?? noDevices) : null),
    }));
  const requests = requestsOf(true);
  const withCounts = placeDistrictLabels(requests, wall.fitted.box, obstacles);
  if (labelsApart(withCounts, requests)) return { labels: withCounts, showCounts: true };
  return { labels: placeDistrictLabels(requestsOf(false), wall.fitted.box, obstacles), showCounts: false };
}
