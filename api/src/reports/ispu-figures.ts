import { ispuCategory, overallIspu, pollutantFields, type Device, type IspuCategory, type IspuPollutant, type KindLookup } from '@kendali/contracts';
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

/** One pollutant's mean in one hour of one district: readings weighted by count across kinds. */
interface HourMean {
  sum: number;
  count: number;
  /** The mean as the store gave it, while one kind alone contributes (so one kind's figures stay exact). */
  only: number | null;
}

type HourlyMeans = Map<string, Map<number, Map<IspuPollutant, HourMean>>>;

/**
 * The hourly ISPU of each district: the district's stations' mean concentration of each pollutant in
 * the hour, then the index of the worst pollutant (PermenLHK P.14/2020), as the wall shows it live. A
 * station is a device of any kind with a field whose quantity is an ISPU pollutant.
 */
export async function ispuByDistrict(period: ReportPeriod, devices: readonly Device[], telemetry: Pick<TelemetryReads, 'historyAcross'>, kinds: KindLookup): Promise<DistrictIspu[]> {
  const stations = devices.filter((device) => pollutantFields(kinds.spec(device.kind)).length > 0);
  if (stations.length === 0) return [];
  const hourly: HourlyMeans = new Map();
  for (const kind of new Set(stations.map((device) => device.kind))) {
    const measured = pollutantFields(kinds.spec(kind));
    const answer = await telemetry.historyAcross({
      kind,
      deviceIds: stations.filter((device) => device.kind === kind).map((device) => device.id),
      fields: measured.map(({ field }) => field),
      fns: ['mean', 'count'],
      groupBy: 'district',
      fromMs: period.fromMs,
      toMs: period.toMs,
      everyMs: hourMs,
      originMs: period.fromMs,
      limit: Math.ceil((period.toMs - period.fromMs) / hourMs),
    });
    addMeans(hourly, answer, new Map(measured.map(({ pollutant, field }) => [field, pollutant])));
  }
  const districts = [...new Set(stations.map((device) => device.district))];
  return districts.map((district) => {
    const hours = [...(hourly.get(district)?.values() ?? [])].flatMap((means) => overallIspu(concentrationsOf(means)) ?? []);
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

/** Adds one kind's hourly means (with their counts) to the district's hours, each field as its pollutant. */
function addMeans(hourly: HourlyMeans, answer: AcrossAnswer, pollutantOf: ReadonlyMap<string, IspuPollutant>): void {
  const counts = new Map<string, number>();
  const countKey = (group: string, field: string, t: number) => `${group}\u0000${field}\u0000${t}`;
  for (const series of answer.series) {
    if (series.fn !== 'count') continue;
    for (const point of series.points) if (typeof point.value === 'number') counts.set(countKey(series.group, series.field, point.t), point.value);
  }
  for (const series of answer.series) {
    const pollutant = pollutantOf.get(series.field);
    if (series.fn !== 'mean' || pollutant === undefined) continue;
    let hours = hourly.get(series.group);
    if (hours === undefined) hourly.set(series.group, (hours = new Map()));
    for (const point of series.points) {
      if (typeof point.value !== 'number') continue;
      const count = counts.get(countKey(series.group, series.field, point.t)) ?? 1;
      let means = hours.get(point.t);
      if (means === undefined) hours.set(point.t, (means = new Map()));
      const mean = means.get(pollutant);
      if (mean === undefined) means.set(pollutant, { sum: point.value * count, count, only: point.value });
      else {
        mean.sum += point.value * count;
        mean.count += count;
        mean.only = null;
      }
    }
  }
}

function concentrationsOf(means: ReadonlyMap<IspuPollutant, HourMean>): Partial<Record<IspuPollutant, number>> {
  const concentrations: Partial<Record<IspuPollutant, number>> = {};
  for (const [pollutant, mean] of means) concentrations[pollutant] = mean.only ?? mean.sum / mean.count;
  return concentrations;
}
