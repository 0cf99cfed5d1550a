import type { AggregateFn, CityHistory, IspuCategory, SiagaThresholds } from '@kendali/contracts';
import { ispuCategories, ispuConcentrationBreakpoints, type IspuPollutant } from '@kendali/contracts';

interface ChartPoint {
  readonly t: number;
  readonly value: number;
}

/** One district's small chart: its hourly values, the latest and the highest of them, its Siaga levels. */
export interface DistrictPanel {
  readonly district: string;
  readonly points: readonly ChartPoint[];
  readonly latest: ChartPoint | null;
  readonly peak: ChartPoint | null;
  /** The Siaga levels its water posts share; null where the field is not a water level or its posts differ. */
  readonly siaga: SiagaThresholds | null;
}

/** A device as the comparison needs it: where it is, and its Siaga levels if it is a water post. */
export interface PlacedDevice {
  readonly district: string;
  readonly siaga: SiagaThresholds | null;
}

const sameSiaga = (a: SiagaThresholds, b: SiagaThresholds) => a.siaga3Cm === b.siaga3Cm && a.siaga2Cm === b.siaga2Cm && a.siaga1Cm === b.siaga1Cm;

/** The Siaga levels every post of a district shares, or null when they differ or none has any. */
function sharedSiaga(devices: readonly PlacedDevice[]): SiagaThresholds | null {
  const levels = devices.flatMap((device) => (device.siaga ? [device.siaga] : []));
  const first = levels[0];
  return first !== undefined && levels.every((level) => sameSiaga(level, first)) ? first : null;
}

/**
 * One panel per district that has a device of the kind or a series in the answer, in name order:
 * a district whose devices sent nothing in the range still shows, empty, rather than vanish.
 */
export function districtPanels(answer: CityHistory | null, devices: readonly PlacedDevice[], fn: AggregateFn, withSiaga: boolean): DistrictPanel[] {
  const series = (answer?.series ?? []).filter((s) => s.fn === fn);
  const names = [...new Set([...devices.map((d) => d.district), ...series.map((s) => s.group)])].sort((a, b) => a.localeCompare(b, 'id'));
  return names.map((district) => {
    const points = (series.find((s) => s.group === district)?.points ?? []).flatMap((p) => (typeof p.value === 'number' ? [{ t: p.t, value: p.value }] : []));
    const peak = points.reduce<ChartPoint | null>((best, p) => (best === null || p.value > best.value ? p : best), null);
    const siaga = withSiaga ? sharedSiaga(devices.filter((d) => d.district === district)) : null;
    return { district, points, latest: points.at(-1) ?? null, peak, siaga };
  });
}

/** The concentration bands of a pollutant's ISPU categories (PermenLHK P.14/2020), lowest first. */
export function ispuBands(field: IspuPollutant): { readonly category: IspuCategory; readonly from: number; readonly to: number }[] {
  const breakpoints = ispuConcentrationBreakpoints[field];
  return ispuCategories.map((category, i) => ({ category, from: breakpoints[i]!, to: breakpoints[i + 1]! }));
}

/**
 * One value axis for every panel, so heights compare across districts. It reaches the top of the
 * ISPU band the highest value is in (the band is seen whole), or the highest Siaga 1 level shown
 * (the lines are seen), and at least the data with a little headroom.
 */
export function sharedDomain(panels: readonly DistrictPanel[], pollutant: IspuPollutant | null): readonly [number, number] {
  const values = panels.flatMap((panel) => panel.points.map((p) => p.value));
  const dataMax = values.length === 0 ? 0 : Math.max(...values);
  const dataMin = values.length === 0 ? 0 : Math.min(...values);
  const bottom = Math.min(0, dataMin);
  if (pollutant !== null) {
    const top = ispuConcentrationBreakpoints[pollutant].find((b) => b > 0 && b >= dataMax) ?? dataMax * 1.1;
    return [bottom, top];
  }
  const siagaTop = Math.max(0, ...panels.map((panel) => panel.siaga?.siaga1Cm ?? 0));
  const top = Math.max(dataMax, siagaTop) * 1.08;
  return [bottom, top > bottom ? top : bottom + 1];
}
