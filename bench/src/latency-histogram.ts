import { build, type Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from './load-protocol';

/** Latencies recorded in microseconds, 3 significant digits; summarised in milliseconds. */
export class LatencyHistogram {
  readonly #histogram: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });

  recordMs(latencyMs: number): void {
    // A ms-resolution difference can come out at -1 when the two clocks' ticks straddle.
    this.#histogram.recordValue(Math.min(120_000_000, Math.max(0, Math.round(latencyMs * 1000))));
  }

  get count(): number {
    return this.#histogram.totalCount;
  }

  summary(): LatencySummary | null {
    if (this.#histogram.totalCount === 0) return null;
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      count: this.#histogram.totalCount,
      p50Ms: ms(this.#histogram.getValueAtPercentile(50)),
      p99Ms: ms(this.#histogram.getValueAtPercentile(99)),
      maxMs: ms(this.#histogram.maxValue),
    };
  }
}
