export interface HeapPoint {
  /** End of the minute the heap was measured at, 1-based. */
  readonly minute: number;
  /** JS heap used right after a forced full GC, MiB. */
  readonly heapMiB: number;
}

export interface HeapTrend {
  /** Minutes averaged for the baseline: 2 and 3 (after warm-up) when the run has later minutes. */
  readonly baselineMinutes: readonly number[];
  readonly baselineMiB: number;
  readonly lastMinute: number;
  readonly lastMiB: number;
  /** Least-squares slope over minute 3 to the end, MiB per minute; null with fewer than 3 points. */
  readonly slopeMiBPerMinute: number | null;
  readonly slopeFromMinute: number;
}

const slopeFromMinute = 3; // the wall's own buffers (10-minute charts) are warm by then, apart from the trend's points
const minSlopePoints = 3;

function leastSquaresSlope(points: readonly HeapPoint[]): number {
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.minute, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.heapMiB, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.minute - meanX) * (p.heapMiB - meanY);
    variance += (p.minute - meanX) ** 2;
  }
  return covariance / variance;
}

/** Heap after GC at the end against a baseline after warm-up, and the slope of the later minutes. */
export function heapTrend(points: readonly HeapPoint[]): HeapTrend | null {
  const last = points.at(-1);
  if (last === undefined) return null;
  const warm = points.filter((p) => (p.minute === 2 || p.minute === 3) && p.minute < last.minute);
  const baseline = warm.length > 0 ? warm : points.slice(0, 1);
  const later = points.filter((p) => p.minute >= slopeFromMinute);
  return {
    baselineMinutes: baseline.map((p) => p.minute),
    baselineMiB: baseline.reduce((sum, p) => sum + p.heapMiB, 0) / baseline.length,
    lastMinute: last.minute,
    lastMiB: last.heapMiB,
    slopeMiBPerMinute: later.length >= minSlopePoints ? leastSquaresSlope(later) : null,
    slopeFromMinute,
  };
}
