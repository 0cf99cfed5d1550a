import { LatencyHistogram } from './latency-histogram';
import type { LatencySummary } from './load-protocol';

const countBucketMs = 100;
const latencyBucketMs = 500; // 5 count buckets; a 1 s window still holds a whole one

export interface WindowFigures {
  readonly count: number;
  /** Length of the whole buckets inside the window, in seconds. */
  readonly seconds: number;
  readonly latency: LatencySummary | null;
  /** Growth of the cumulative mark (e.g. store commits) over the same buckets; null if never marked. */
  readonly markDelta: number | null;
}

/**
 * Completions (and their latencies) filed by the wall-clock time they happened, in 100 ms
 * buckets, so the measured window can be cut out afterwards by the load generator's timestamps.
 * Needed because the broker under test runs in this process: when its event loop stalls for
 * seconds (bare Aedes at QoS0 does), messages this process handles arrive late, but a completion
 * still carries its own time.
 */
export class CompletionTimeline {
  readonly #originMs = Date.now();
  readonly #counts: number[] = [];
  readonly #marks: number[] = [];
  readonly #latencies: LatencyHistogram[] = [];

  /** `mark`: a cumulative counter's value at this moment, kept per bucket (latest wins). */
  record(nowMs: number, latencyMs: number, mark?: number): void {
    const index = Math.max(0, Math.floor((nowMs - this.#originMs) / countBucketMs));
    this.#counts[index] = (this.#counts[index] ?? 0) + 1;
    if (mark !== undefined) this.#marks[index] = mark;
    const second = Math.floor((index * countBucketMs) / latencyBucketMs);
    (this.#latencies[second] ??= new LatencyHistogram(2)).recordMs(latencyMs);
  }

  /** Figures over the buckets that lie wholly inside [startMs, endMs) (ms epoch). */
  window(startMs: number, endMs: number): WindowFigures {
    const first = Math.ceil((startMs - this.#originMs) / countBucketMs);
    const end = Math.floor((endMs - this.#originMs) / countBucketMs);
    let count = 0;
    for (let index = Math.max(0, first); index < end; index++) count += this.#counts[index] ?? 0;
    const latency = new LatencyHistogram(2);
    const perSecond = latencyBucketMs / countBucketMs;
    for (let second = Math.ceil(first / perSecond); second < Math.floor(end / perSecond); second++) {
      const histogram = this.#latencies[second];
      if (histogram) latency.add(histogram);
    }
    const before = this.#markAtOrBefore(first - 1);
    const last = this.#markAtOrBefore(end - 1);
    return {
      count,
      seconds: (Math.max(0, end - first) * countBucketMs) / 1000,
      latency: latency.summary(),
      markDelta: last === undefined ? null : last - (before ?? 0),
    };
  }

  #markAtOrBefore(index: number): number | undefined {
    for (let i = Math.min(index, this.#marks.length - 1); i >= 0; i--) {
      const mark = this.#marks[i];
      if (mark !== undefined) return mark;
    }
    return undefined;
  }
}
