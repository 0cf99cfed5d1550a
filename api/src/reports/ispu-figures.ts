import { ispuCategory, type KindLookup, ispuPollutants, overallIspu, type Device, type IspuCategory, type IspuPollutant } from '@kendali/contracts';
import type { AcrossAnswer, TelemetryReads } from '@kendali/ingest';
import type { ReportPeriod } from './report-period';

/** A district's air over the period: its hourly ISPU, averaged and at its worst. */
export interface DistrictIspu {
  readonly district: string;
  readonly stations: number;
  /** Hours with a reading of at least one station. */
  readonly hours: number;
  /** Mean of the hourly ISPU, rounded up as ISPU is; null without a reading. */
  readonly meanIndex: number | null;
  readonly meanCategory: IspuCategory | null;
  readonly maxIndex: number | null;
  readonly maxCategory: IspuCategory | null;
  /** The pollutant that set the worst hour. */
  readonly critical: IspuPollutant | null;
}

const hourMs = 3_600_000;

/**
 * The hourly ISPU of each district: the district's stations' mean concentration of each pollutant in
 * the hour, then the index of the worst pollutant (PermenLHK P.14/2020), as the wall shows it live.
 */
export async function ispuByDistrict(period: ReportPeriod, devices: readonly Device[], telemetry: Pick<TelemetryReads, 'historyAcross'>, kinds: KindLookup): Promise<DistrictIspu[]> {
  const airQuality = kinds.spec('air-quality');
  const pollutantsMeasured = ispuPollutants.filter((pollutant) => airQuality !== undefined && Object.hasOwn(airQuality.fields, pollutant));
  const stations = devices.filter((device) => device.kind === 'air-quality');
  if (stations.length === 0) return [];
  const answer = await telemetry.historyAcross({
    kind: 'air-quality',
    deviceIds: stations.map((device) => device.id),
    fields: pollutantsMeasured,
    fns: ['mean'],
    groupBy: 'district',
    fromMs: period.fromMs,
    toMs: period.toMs,
    everyMs: hourMs,
    originMs: period.fromMs,
    limit: Math.ceil((period.toMs - period.fromMs) / hourMs),
  });
  const hourly = concentrationsByDistrictAndHour(answer);
  const districts = [...new Set(stations.map((device) => device.district))];
  return districts.map((district) => {
    const hours = [...(hourly.get(district)?.values() ?? [])].flatMap((concentrations) => overallIspu(concentrations) ?? []);
    const worst = hours.reduce<(typeof hours)[number] | undefined>((max, hour) => (max === undefined || hour.index > max.index ? hour : max), undefined);
    const meanIndex = hours.length === 0 ? null : Math.ceil(Number((hours.reduce((sum, hour) => sum + hour.index, 0) / hours.length).toFixed(6)));
    return {
      district,
      stations: stations.filter((device) => device.district === district).length,
      hours: hours.length,
      meanIndex,
      meanCategory: meanIndex === null ? null : ispuCategory(meanIndex),
      maxIndex: worst?.index ?? null,
      maxCategory: worst?.category ?? null,
      critical: worst?.critical ?? null,
    };
  });
}

function concentrationsByDistrictAndHour(answer: AcrossAnswer): Map<string, Map<number, Partial<Record<IspuPollutant, number>>>> {
  const byDistrict = new Map<string, Map<number, Partial<Record<IspuPollutant, number>>>>();
  for (const series of answer.series) {
    let hours = byDistrict.get(series.group);
    if (hours === undefined) byDistrict.set(series.group, (hours = new Map()));
    for (const point of series.points) {
      if (typeof point.value !== 'number') continue;
      const hour = hours.get(point.t) ?? {};
      hour[series.field as IspuPollutant] = point.value;
      hours.set(point.t, hour);
    }
  }
  return byDistrict;
}
