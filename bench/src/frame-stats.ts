/** Frame gaps over this are long frames: the wall visibly stutters (RAIL's 50 ms budget for a task). */
export const longFrameMs = 50;

export interface FrameSummary {
  readonly frames: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Gaps over `longFrameMs`. */
  readonly longFrames: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

export function summarizeFrames(gapsMs: readonly number[]): FrameSummary {
  const sorted = [...gapsMs].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    longFrames: sorted.filter((gap) => gap > longFrameMs).length,
  };
}
