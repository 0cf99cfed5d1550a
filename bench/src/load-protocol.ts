/**
 * What the load-generator child prints on stdout, one JSON object a line. The child keeps time:
 * it announces the start and end of the measured window, so the parent can take its own
 * snapshots (stored rows, CPU) at the same moments.
 */
export type Qos = 0 | 1;

export interface LoadSettings {
  readonly url: string;
  readonly qos: Qos;
  readonly connections: number;
  /** QoS1: unacknowledged publishes per connection; QoS0: publishes per turn before yielding. */
  readonly window: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Longest wait for in-flight messages after publishing stops. */
  readonly drainMs: number;
  readonly seed: number;
}

export interface LoadCounts {
  readonly sent: number;
  readonly acked: number;
  readonly errors: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LoadResult {
  /** Whole run, warm-up and drain included. */
  readonly total: LoadCounts;
  /** Publishes made / PUBACKs received inside the measured window. */
  readonly window: LoadCounts & { readonly seconds: number };
  /** QoS1 only: publish call to PUBACK, for messages published inside the window. */
  readonly pubackLatency: LatencySummary | null;
  /** Load generator CPU over the window, in percent of one core. */
  readonly cpuPct: number;
  readonly maxRssMiB: number;
  /** Messages still unacknowledged when the drain time ran out. */
  readonly undrained: number;
}

export type LoadMessage =
  | { readonly type: 'connected'; readonly connections: number }
  | { readonly type: 'measuring' }
  | { readonly type: 'measured' }
  | { readonly type: 'progress'; readonly counts: LoadCounts }
  | { readonly type: 'result'; readonly result: LoadResult }
  | { readonly type: 'failed'; readonly message: string };
