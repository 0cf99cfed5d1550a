import { kotaSerang, kotaTangerang } from '@kendali/contracts';
import type { CityModel } from './city-model';
import { buildCityModel } from './city-model';
import { cisadaneCourse, kotaSerangOutline, kotaTangerangOutline } from './city-outlines';
import { pathData } from './geometry';

/**
 * The wall draws Kota Tangerang `mapHeightRem` tall and its labels at `labelRem` (wall.css);
 * the label layout works in map units, so it needs their ratio. Bold text is about 0.6 em a character.
 */
export const mapHeightRem = 21.6;
const labelRem = 1.4;
/** The shade legend (top right, up to six rows) and the Kota Serang inset (top left), rem (wall-parts.css). */
const legendRem = { width: 10.2, height: 9.9 };
const insetRem = { width: 6.8, height: 6.6 };

function tangerang(): CityModel {
  const draft = buildCityModel(kotaTangerang, kotaTangerangOutline);
  const widthRem = (mapHeightRem * draft.width) / draft.height;
  const em = (labelRem * draft.height) / mapHeightRem;
  return buildCityModel(kotaTangerang, kotaTangerangOutline, {
    charWidth: 0.6 * em,
    extraWidth: 1.4 * em,
    height: 1.3 * em,
    obstacles: [
      { left: 1 - legendRem.width / widthRem, top: 0, width: legendRem.width / widthRem, height: legendRem.height / mapHeightRem },
      { left: 0, top: 0, width: insetRem.width / widthRem, height: insetRem.height / mapHeightRem },
    ],
  });
}

export const tangerangModel: CityModel = tangerang();
export const serangModel: CityModel = buildCityModel(kotaSerang, kotaSerangOutline);

/** The Cisadane as an open line in Kota Tangerang's map units. */
export const cisadanePath: string = pathData(cisadaneCourse.map(tangerangModel.project)).replace(/Z$/, '');
