/**
 * ISPU (Indeks Standar Pencemar Udara, PermenLHK P.14/2020) for PM2.5.
 * The index is interpolated linearly inside the band the concentration falls in:
 * I = (Ia − Ib) / (Xa − Xb) · (X − Xb) + Ib.
 */
export type IspuCategory = 'baik' | 'sedang' | 'tidak-sehat' | 'sangat-tidak-sehat' | 'berbahaya';

export interface Ispu {
  /** Whole-number index, 0-500. */
  readonly index: number;
  readonly category: IspuCategory;
}

interface Band {
  /** Upper concentration of the band, µg/m³ (Xa); the lower one (Xb) is the previous band's. */
  readonly upperUgm3: number;
  /** Index at the upper concentration (Ia). */
  readonly upperIndex: number;
  readonly category: IspuCategory;
}

/** PM2.5 breakpoints, P.14/2020 annex: 15.5 / 55.4 / 150.4 / 250.4 / 500 µg/m³. */
const pm25Bands: readonly Band[] = [
  { upperUgm3: 15.5, upperIndex: 50, category: 'baik' },
  { upperUgm3: 55.4, upperIndex: 100, category: 'sedang' },
  { upperUgm3: 150.4, upperIndex: 200, category: 'tidak-sehat' },
  { upperUgm3: 250.4, upperIndex: 300, category: 'sangat-tidak-sehat' },
  { upperUgm3: 500, upperIndex: 500, category: 'berbahaya' },
];

const topIndex = 500;

/**
 * ISPU of a PM2.5 concentration in µg/m³. The category follows the band of the concentration;
 * the index is rounded up so it never reads as a lower category than the concentration
 * (15.6 µg/m³ is 51 "Sedang", not 50 "Baik"). Above 500 µg/m³ the scale ends: 500, Berbahaya.
 */
export function ispuFromPm25(pm25Ugm3: number): Ispu {
  const concentration = Math.max(0, pm25Ugm3);
  let lowerUgm3 = 0;
  let lowerIndex = 0;
  for (const band of pm25Bands) {
    if (concentration <= band.upperUgm3) {
      const raw =
        ((band.upperIndex - lowerIndex) / (band.upperUgm3 - lowerUgm3)) * (concentration - lowerUgm3) + lowerIndex;
      // Guard against binary-fraction noise (e.g. 100.00000000000001 at a breakpoint).
      const index = Math.ceil(Math.round(raw * 1e6) / 1e6);
      return { index, category: band.category };
    }
    lowerUgm3 = band.upperUgm3;
    lowerIndex = band.upperIndex;
  }
  return { index: topIndex, category: 'berbahaya' };
}
