import type { City, CityZone, Clock, Device, KindLookup } from '@kendali/contracts';
import type { AlarmHistory, TelemetryReads } from '@kendali/ingest';
import { alarmsBySeverity, type SeverityAlarms } from './alarm-figures';
import { readingCounts, type DistrictAvailability } from './availability-figures';
import { ispuByDistrict, type DistrictIspu } from './ispu-figures';
import type { ReportPeriod } from './report-period';
import { siagaHoursByPost, type PostSiaga } from './siaga-figures';

/** Where a report's figures come from. */
export interface ReportSources {
  readonly devices: () => readonly Device[];
  /** The kinds there are: each kind's headline field and expected interval. */
  readonly kinds: KindLookup;
  readonly telemetry: Pick<TelemetryReads, 'historyAcross'>;
  readonly alarmHistory: Pick<AlarmHistory, 'events'>;
  /** The room's cities, its own first (whose zone is the room's clock). */
  readonly cities: readonly City[];
  readonly clock: Clock;
}

/** Every figure of one report, ready to lay out. */
export interface ReportData {
  readonly period: ReportPeriod;
  /** End of what the figures cover: the period's end, or now for a period still under way. */
  readonly coveredToMs: number;
  readonly generatedAtMs: number;
  readonly cityNames: readonly string[];
  readonly zone: CityZone;
  readonly ispu: readonly DistrictIspu[];
  readonly siaga: readonly PostSiaga[];
  readonly alarms: readonly SeverityAlarms[];
  readonly availability: readonly DistrictAvailability[];
  readonly readingsStored: number;
}

/** Districts in the order the room's cities list them; any others after, by name. */
function byDistrictOrder<Row extends { readonly district: string }>(rows: readonly Row[], cities: readonly City[]): Row[] {
  const order = new Map(cities.flatMap((city) => city.districts.map((district) => district.name)).map((name, i) => [name, i]));
  const rank = (row: Row) => order.get(row.district) ?? Number.MAX_SAFE_INTEGER;
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.district.localeCompare(b.district, 'id'));
}

/** Gathers a report's figures; a period not yet begun is the caller's to refuse. */
export async function gatherReport(period: ReportPeriod, sources: ReportSources): Promise<ReportData> {
  const generatedAtMs = sources.clock.now();
  const covered = { ...period, toMs: Math.max(period.fromMs, Math.min(period.toMs, generatedAtMs)) };
  const devices = sources.devices();
  const [ispu, siaga, alarms, counts] = await Promise.all([
    ispuByDistrict(covered, devices, sources.telemetry, sources.kinds),
    siagaHoursByPost(covered, devices, sources.telemetry, sources.kinds),
    alarmsBySeverity(covered, sources.alarmHistory),
    readingCounts(covered, devices, sources.telemetry, sources.kinds),
  ]);
  return {
    period,
    coveredToMs: covered.toMs,
    generatedAtMs,
    cityNames: sources.cities.map((city) => city.name),
    zone: sources.cities[0]!.zone,
    ispu: byDistrictOrder(ispu, sources.cities),
    siaga: byDistrictOrder(siaga, sources.cities),
    alarms,
    availability: byDistrictOrder(counts.availability, sources.cities),
    readingsStored: counts.stored,
  };
}
