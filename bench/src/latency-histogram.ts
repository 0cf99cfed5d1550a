import { build, type Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from './load-protocol';

const maxUs = 120_000_000; // 2 minutes

/** Latencies recorded in microseconds (3 significant digits by default), summarised in milliseconds. */
export class LatencyHistogram {
  readonly #histogram: Histogram;

  constructor(significantDigits: 2 | 3 = 3) {
    this.#histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: maxUs, numberOfSignificantValueDigits: significantDigits });
  }

  recordMs(latencyMs: number): void {
    // A difference of two ms clocks can come out at -1 when their ticks straddle.
    this.#histogram.recordValue(Math.min(maxUs, Math.max(0, Math.round(latencyMs * 1000))));
  }

  add(other: LatencyHistogram): void {
    this.#histogram.add(other.#histogram);
  }

  summary(): LatencySummary | null {
    if (this.#histogram.totalCount === 0) return null;
    const ms = (us: number) => Math.round(us) / 1000;
    // A percentile is the top of its bucket (within 0.1 %), which can lie above the largest value recorded.
    const at = (percent: number) => ms(Math.min(this.#histogram.getValueAtPercentile(percent), this.#histogram.maxValue));
    return {
      count: this.#histogram.totalCount,
      p50Ms: at(50),
      p95Ms: at(95),
      p99Ms: at(99),
      maxMs: ms(this.#histogram.maxValue),
    };
  }
}
