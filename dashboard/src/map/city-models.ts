import { kotaSerang, kotaTangerang } from '@kendali/contracts';
import { boldCharEm, floorRem, textSlack } from '../wall/wall-metrics';
import type { CityModel } from './city-model';
import { buildCityModel } from './city-model';
import { cisadaneCourse, kotaSerangOutline, kotaTangerangOutline } from './city-outlines';
import { pathData } from './geometry';

/**
 * The wall draws Kota Tangerang `mapHeightRem` tall (the take-over's smaller map; the scenes' map
 * is a little taller, so labels have more room there) with labels at the wall's type floor
 * (wall.css); the label layout works in map units, so it needs their ratio.
 */
export const mapHeightRem = 20;
export const labelRem = floorRem;
/**
 * District names in Inter Bold (the shipped font) run 0.52-0.62 em a character (measured in
 * Chromium); a label adds its status shape, a gap and its padding (1.22 em) and is one line of
 * 1.05 em. The names' room allows for them 10% wider (`textSlack`: a font with other metrics still
 * fits; the browser test widens all text to prove it).
 */
export const labelMetrics = { charEm: boldCharEm * textSlack, extraEm: 1.25, heightEm: 1.06 } as const;

/** A box drawn over the map (wall-parts.css), rem from the map's left edge and its top or bottom. */
export interface OverlayRem {
  readonly left: number;
  readonly top?: number;
  readonly bottom?: number;
  readonly width: number;
  readonly height: number;
}

/**
 * In the outline's empty corners (wall-parts.css): the river's name bottom left (room for the
 * longer English name, "Cisadane River", 13.2 rem in Inter Italic at the floor with its letters
 * 10% wider, after its 0.3 rem inset) and the Kota Serang inset top right (its name, its map under
 * it). `left` is from the left edge of a map `mapHeightRem` tall.
 */
export const mapOverlaysRem: readonly OverlayRem[] = [
  { left: 0, bottom: 0, width: 13.6, height: 1.95 },
  { left: 13.4, top: 0, width: 11.75, height: 1.95 },
  { left: 20.05, top: 1.9, width: 5.1, height: 5.1 },
];

/** An overlay's top-left corner and size as shares of the map's width and height. */
export function overlayShare(o: OverlayRem, widthRem: number, heightRem: number): { left: number; top: number; width: number; height: number } {
  const top = o.top ?? heightRem - (o.bottom ?? 0) - o.height;
  return { left: o.left / widthRem, top: top / heightRem, width: o.width / widthRem, height: o.height / heightRem };
}

function tangerang(): CityModel {
  const draft = buildCityModel(kotaTangerang, kotaTangerangOutline);
  const widthRem = (mapHeightRem * draft.width) / draft.height;
  const em = (labelRem * draft.height) / mapHeightRem;
  return buildCityModel(kotaTangerang, kotaTangerangOutline, {
    charWidth: labelMetrics.charEm * em,
    extraWidth: labelMetrics.extraEm * em,
    height: labelMetrics.heightEm * em,
    obstacles: mapOverlaysRem.map((o) => overlayShare(o, widthRem, mapHeightRem)),
  });
}

export const tangerangModel: CityModel = tangerang();
export const serangModel: CityModel = buildCityModel(kotaSerang, kotaSerangOutline);

/** The Cisadane as an open line in Kota Tangerang's map units. */
export const cisadanePath: string = pathData(cisadaneCourse.map(tangerangModel.project)).replace(/Z$/, '');
