import type { LonLat } from './geometry';

/**
 * Approximate city outlines, drawn by hand for a schematic map (no open kecamatan geometry ships
 * through the npm registry, the only network this project has). Each city's districts are the
 * Voronoi cells of their centres (`@kendali/contracts` places) clipped to this outline: a faithful
 * schematic of where each kecamatan lies, not a survey. Vertices clockwise from the north-west.
 */
const ll = (lon: number, lat: number): LonLat => ({ lon, lat });

/** Kota Tangerang (164.55 km²): Soekarno-Hatta airport in the north, Ciledug and Larangan in the south-east. */
export const kotaTangerangOutline: readonly LonLat[] = [
  ll(106.563, -6.158), ll(106.578, -6.142), ll(106.6, -6.135), ll(106.618, -6.118), ll(106.632, -6.1),
  ll(106.655, -6.092), ll(106.684, -6.094), ll(106.703, -6.104), ll(106.712, -6.125), ll(106.705, -6.148),
  ll(106.716, -6.168), ll(106.735, -6.186), ll(106.752, -6.205), ll(106.766, -6.224), ll(106.768, -6.246),
  ll(106.75, -6.257), ll(106.728, -6.254), ll(106.706, -6.25), ll(106.688, -6.243), ll(106.668, -6.24),
  ll(106.648, -6.232), ll(106.628, -6.226), ll(106.61, -6.224), ll(106.592, -6.218), ll(106.572, -6.207),
  ll(106.558, -6.19), ll(106.556, -6.172),
];

/** Kota Serang (263.16 km²): Kasemen reaches the Banten bay in the north. */
export const kotaSerangOutline: readonly LonLat[] = [
  ll(106.085, -6.105), ll(106.11, -6.08), ll(106.135, -6.055), ll(106.15, -6.03), ll(106.175, -6.018),
  ll(106.2, -6.03), ll(106.21, -6.06), ll(106.235, -6.085), ll(106.262, -6.1), ll(106.272, -6.135),
  ll(106.258, -6.165), ll(106.23, -6.175), ll(106.2, -6.17), ll(106.175, -6.195), ll(106.145, -6.205),
  ll(106.118, -6.195), ll(106.1, -6.17), ll(106.082, -6.14),
];

/** The Cisadane through Kota Tangerang, south to north, along its water posts (approximate). */
export const cisadaneCourse: readonly LonLat[] = [
  ll(106.641, -6.229), ll(106.6385, -6.2045), ll(106.631, -6.19), ll(106.6268, -6.1745), ll(106.63, -6.16),
  ll(106.6362, -6.1465), ll(106.64, -6.125), ll(106.646, -6.094),
];
