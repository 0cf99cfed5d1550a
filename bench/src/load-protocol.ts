/**
 * What the load-generator child prints on stdout, one JSON object a line. The child keeps time:
 * it announces the measured window with wall-clock stamps (the parent cuts its completion
 * timeline by them). After publishing stops and its own in-flight messages have drained it says
 * 'stopped' and keeps its connections open until the parent writes `close` on its stdin, so a
 * backlog still queued in socket buffers reaches the broker instead of dying with the process.
 */
import type { PayloadShape } from './bench-fleet';

export type Qos = 0 | 1;

export interface LoadSettings {
  readonly url: string;
  /** 'raw': a minimal publisher on the socket (default); 'mqtt.js': the mqtt package's client. */
  readonly client: 'raw' | 'mqtt.js';
  readonly payload: PayloadShape;
  readonly qos: Qos;
  readonly connections: number;
  /** QoS1: unacknowledged publishes per connection; QoS0: publishes per turn before yielding. */
  readonly window: number;
  /** QoS1: publishes per second over all connections; 0 or absent: flat out. */
  readonly rate?: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Longest wait for in-flight messages after publishing stops. */
  readonly drainMs: number;
  /** Longest wait for the parent's `close` after 'stopped'. */
  readonly releaseMs: number;
  readonly seed: number;
}

interface LoadCounts {
  readonly sent: number;
  readonly acked: number;
  readonly errors: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LoadResult {
  /** Whole run, warm-up and drain included. */
  readonly total: LoadCounts;
  /** Publishes made / PUBACKs received inside the measured window. */
  readonly window: LoadCounts & { readonly seconds: number; readonly startMs: number; readonly endMs: number };
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
  | { readonly type: 'measuring'; readonly atMs: number }
  | { readonly type: 'measured'; readonly atMs: number }
  | { readonly type: 'stopped'; readonly counts: LoadCounts }
  /** `elapsedMs`: since the child started publishing, on its own clock. */
  | { readonly type: 'progress'; readonly counts: LoadCounts; readonly elapsedMs: number }
  | { readonly type: 'result'; readonly result: LoadResult }
  | { readonly type: 'failed'; readonly message: string };

/** The one line the parent writes on the child's stdin. */
export const closeCommand = 'close';
