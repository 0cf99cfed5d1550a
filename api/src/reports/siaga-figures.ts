import { fieldOfQuantity, measures, siagaLevel, siagaThresholdsOf, type Device, type KindLookup, type SiagaLevel, type SiagaThresholds } from '@kendali/contracts';
import type { TelemetryReads } from '@kendali/ingest';
import type { ReportPeriod } from './report-period';

/** How long a water-level post stood at each Siaga level over the period. */
export interface PostSiaga {
  readonly deviceId: string;
  readonly name: string;
  readonly district: string;
  readonly thresholds: SiagaThresholds;
  /** Hours at Siaga 4 (normal) … 1, each quarter hour counted at the highest level it reached. */
  readonly hours: Readonly<Record<SiagaLevel, number>>;
  /** Hours without a reading. */
  readonly noDataHours: number;
  readonly maxLevelCm: number | null;
}

/** Quarter hours: fine enough that a short peak counts, coarse enough for a month of posts. */
const siagaBucketMs = 15 * 60_000;

/**
 * The Siaga hours of every post: a device of any kind with a field whose quantity is
 * `water-level-cm`, read against its own levels, its gate's or the defaults.
 */
export async function siagaHoursByPost(period: ReportPeriod, devices: readonly Device[], telemetry: Pick<TelemetryReads, 'historyAcross'>, kinds: KindLookup): Promise<PostSiaga[]> {
  const posts = devices.filter((device) => measures(kinds.spec(device.kind), 'water-level-cm'));
  if (posts.length === 0) return [];
  const buckets = Math.ceil((period.toMs - period.fromMs) / siagaBucketMs);
  const maxima = new Map<string, number[]>();
  for (const kind of new Set(posts.map((device) => device.kind))) {
    const answer = await telemetry.historyAcross({
      kind,
      deviceIds: posts.filter((device) => device.kind === kind).map((device) => device.id),
      fields: [fieldOfQuantity(kinds.spec(kind), 'water-level-cm')!],
      fns: ['max'],
      groupBy: 'device',
      fromMs: period.fromMs,
      toMs: period.toMs,
      everyMs: siagaBucketMs,
      originMs: period.fromMs,
      limit: buckets,
    });
    for (const series of answer.series) maxima.set(series.group, series.points.flatMap((point) => (typeof point.value === 'number' ? [point.value] : [])));
  }
  const bucketHours = siagaBucketMs / 3_600_000;
  return posts.map((post) => {
    const thresholds = siagaThresholdsOf(post.kind, post.metadata, kinds)!;
    const levels = maxima.get(post.id) ?? [];
    const hours: Record<SiagaLevel, number> = { 4: 0, 3: 0, 2: 0, 1: 0 };
    for (const levelCm of levels) hours[siagaLevel(thresholds, levelCm)] += bucketHours;
    return {
      deviceId: post.id,
      name: post.name,
      district: post.district,
      thresholds,
      hours,
      noDataHours: (buckets - levels.length) * bucketHours,
      maxLevelCm: levels.length === 0 ? null : Math.max(...levels),
    };
  });
}
