import type { Device, DeviceKind, KindLookup } from '@kendali/contracts';
import type { TelemetryReads } from '@kendali/ingest';
import type { ReportPeriod } from './report-period';

/** A district's devices over the period: the share of the readings they should have sent that arrived. */
export interface DistrictAvailability {
  readonly district: string;
  readonly devices: number;
  readonly expectedReadings: number;
  /** Readings received, each device counted at most at its expected rate in every hour. */
  readonly receivedReadings: number;
  /** receivedReadings / expectedReadings, 0 to 1; null without devices. */
  readonly share: number | null;
}

export interface ReadingCounts {
  readonly availability: DistrictAvailability[];
  /** Readings stored in the period, each kind's (not capped). */
  readonly storedByKind: Readonly<Partial<Record<DeviceKind, number>>>;
  readonly stored: number;
}

const hourMs = 3_600_000;

/**
 * Counts each device's readings per hour (its kind's first required field is in every reading) and
 * sets them against its kind's `expectedIntervalMs`. Capping each hour at the expected count keeps a
 * device that sent twice as often from hiding another that was silent.
 */
export async function readingCounts(period: ReportPeriod, devices: readonly Device[], telemetry: Pick<TelemetryReads, 'historyAcross'>, kinds: KindLookup): Promise<ReadingCounts> {
  const hours = Math.ceil((period.toMs - period.fromMs) / hourMs);
  const received = new Map<string, number>();
  const storedByKind: Record<DeviceKind, number> = {};
  for (const spec of kinds.all()) {
    const kind = spec.kind;
    const ofKind = devices.filter((device) => device.kind === kind);
    if (ofKind.length === 0) continue;
    const answer = await telemetry.historyAcross({
      kind,
      deviceIds: ofKind.map((device) => device.id),
      fields: [spec.required[0] ?? spec.headline],
      fns: ['count'],
      groupBy: 'device',
      fromMs: period.fromMs,
      toMs: period.toMs,
      everyMs: hourMs,
      originMs: period.fromMs,
      limit: hours,
    });
    let stored = 0;
    for (const series of answer.series) {
      let capped = 0;
      for (const point of series.points) {
        const count = Number(point.value ?? 0);
        stored += count;
        const bucketMs = Math.min(point.t + hourMs, period.toMs) - Math.max(point.t, period.fromMs);
        capped += Math.min(count, bucketMs / spec.expectedIntervalMs);
      }
      received.set(series.group, capped);
    }
    storedByKind[kind] = stored;
  }
  const districts = [...new Set(devices.map((device) => device.district))];
  const availability = districts.map((district) => {
    const inDistrict = devices.filter((device) => device.district === district);
    const expectedReadings = inDistrict.reduce((sum, device) => {
      const intervalMs = kinds.spec(device.kind)?.expectedIntervalMs;
      return intervalMs === undefined ? sum : sum + (period.toMs - period.fromMs) / intervalMs;
    }, 0);
    const receivedReadings = inDistrict.reduce((sum, device) => sum + (received.get(device.id) ?? 0), 0);
    return { district, devices: inDistrict.length, expectedReadings, receivedReadings, share: expectedReadings > 0 ? receivedReadings / expectedReadings : null };
  });
  const stored = Object.values(storedByKind).reduce((sum, count) => sum + count, 0);
  return { availability, storedByKind, stored };
}
