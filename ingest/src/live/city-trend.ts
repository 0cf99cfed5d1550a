import type { KindLookup, LiveStats, Reading, ThresholdsOf, TrendPoint } from '@kendali/contracts';
import { areaFigures, extendTrend, trendPoint } from '@kendali/contracts';

/**
 * The wall's 10-minute chart data kept on the server (one point per 5 s bucket, at most
 * `trendMaxPoints`), so a wall that reloads draws full charts from its first frame. The figures are
 * the dashboard's own (`areaFigures`, `trendPoint`, `extendTrend` from contracts).
 */
export class CityTrend {
  #points: readonly TrendPoint[] = [];
  #sampledAtMs: number | null = null;

  /** @param sampleEveryMs least time between two computations: each walks every device's newest reading. */
  constructor(private readonly sampleEveryMs: number) {}

  /** Oldest first; the last point is the bucket in progress. */
  get points(): readonly TrendPoint[] {
    return this.#points;
  }

  /**
   * Computes the city's figures at `nowMs` unless that was done less than `sampleEveryMs` ago; the
   * point replaces the one of its 5 s bucket, so a finished bucket holds the figures near its end.
   */
  sample(nowMs: number, latest: Iterable<Reading>, thresholdsOf: ThresholdsOf, stats: LiveStats, kinds: KindLookup): boolean {
    if (this.#sampledAtMs !== null && nowMs >= this.#sampledAtMs && nowMs - this.#sampledAtMs < this.sampleEveryMs) return false;
    this.#sampledAtMs = nowMs;
    this.#points = extendTrend(this.#points, trendPoint(nowMs, areaFigures(latest, thresholdsOf, nowMs, kinds), stats));
    return true;
  }
}
