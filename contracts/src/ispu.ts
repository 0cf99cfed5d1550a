/**
 * ISPU (Indeks Standar Pencemar Udara), PermenLHK P.14/2020: the index of each pollutant by linear
 * interpolation between breakpoints, I = (Ia − Ib)/(Xa − Xb) · (X − Xb) + Ib, and the overall
 * index is the worst pollutant's. Concentrations in µg/m³.
 */
export const ispuPollutants = ['pm25', 'pm10', 'so2', 'co', 'o3', 'no2', 'hc'] as const;
export type IspuPollutant = (typeof ispuPollutants)[number];

/** Index values at the breakpoints, and each pollutant's concentration at them (index 0 = 0 µg/m³). */
export const ispuIndexBreakpoints = [0, 50, 100, 200, 300, 500] as const;
export const ispuConcentrationBreakpoints: Readonly<Record<IspuPollutant, readonly number[]>> = {
  pm25: [0, 15.5, 55.4, 150.4, 250.4, 500],
  pm10: [0, 50, 150, 350, 420, 500],
  so2: [0, 52, 180, 400, 800, 1200],
  co: [0, 4000, 8000, 15000, 30000, 45000],
  o3: [0, 120, 235, 400, 800, 1000],
  no2: [0, 80, 200, 1130, 2260, 3000],
  hc: [0, 45, 100, 215, 432, 648],
};

export const ispuCategories = ['baik', 'sedang', 'tidak-sehat', 'sangat-tidak-sehat', 'berbahaya'] as const;
export type IspuCategory = (typeof ispuCategories)[number];

export const ispuCategoryInfo: Readonly<Record<IspuCategory, { readonly id: string; readonly en: string; readonly colour: string }>> = {
  baik: { id: 'Baik', en: 'Good', colour: 'green' },
  sedang: { id: 'Sedang', en: 'Moderate', colour: 'blue' },
  'tidak-sehat': { id: 'Tidak Sehat', en: 'Unhealthy', colour: 'yellow' },
  'sangat-tidak-sehat': { id: 'Sangat Tidak Sehat', en: 'Very unhealthy', colour: 'red' },
  berbahaya: { id: 'Berbahaya', en: 'Hazardous', colour: 'black' },
};

/**
 * The ISPU of one pollutant, rounded up to a whole number (so a concentration just past a
 * breakpoint already counts in the next category); concentrations above the top breakpoint give 500.
 */
export function ispuIndex(pollutant: IspuPollutant, concentration: number): number {
  const x = ispuConcentrationBreakpoints[pollutant];
  if (!(concentration > 0)) return 0;
  for (let band = 1; band < x.length; band++) {
    const xa = x[band]!;
    if (concentration <= xa) {
      const xb = x[band - 1]!;
      const ia = ispuIndexBreakpoints[band]!;
      const ib = ispuIndexBreakpoints[band - 1]!;
      // Round away float noise (e.g. 99.99999999) before rounding up.
      return Math.ceil(Number((((ia - ib) / (xa - xb)) * (concentration - xb) + ib).toFixed(6)));
    }
  }
  return 500;
}

export function ispuCategory(index: number): IspuCategory {
  if (index <= 50) return 'baik';
  if (index <= 100) return 'sedang';
  if (index <= 200) return 'tidak-sehat';
  if (index <= 300) return 'sangat-tidak-sehat';
  return 'berbahaya';
}

export interface IspuResult {
  readonly index: number;
  readonly category: IspuCategory;
  /** The pollutant that sets the index. */
  readonly critical: IspuPollutant;
}

/** The overall ISPU of the pollutants present (undefined when none is). */
export function overallIspu(concentrations: Partial<Record<IspuPollutant, number>>): IspuResult | undefined {
  let worst: IspuResult | undefined;
  for (const pollutant of ispuPollutants) {
    const value = concentrations[pollutant];
    if (value === undefined) continue;
    const index = ispuIndex(pollutant, value);
    if (worst === undefined || index > worst.index) worst = { index, category: ispuCategory(index), critical: pollutant };
  }
  return worst;
}
