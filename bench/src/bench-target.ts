import type { LatencySummary } from './load-protocol';

/** What the pipeline itself saw during the measured window (Kendali only). */
export interface PipelineObservations {
  /** Rows committed and commits made so far (cumulative counters of the store). */
  readonly storedCount: number;
  readonly commitCount: number;
  /** 'stored' event time − reading.ts, for readings stored inside the window (ms resolution). */
  readonly storedLatency: LatencySummary | null;
  /** frame.at − reading.ts, for readings carried by frames cut inside the window. */
  readonly frameLatency: LatencySummary | null;
  /** Rejected readings and store failures: both must stay 0 for the figures to mean anything. */
  readonly rejected: number;
  readonly storeFailures: number;
}

/** A broker under test, listening on loopback. */
export interface BenchTarget {
  readonly name: 'kendali' | 'bare aedes';
  readonly url: string;
  /** Turns per-reading latency recording on or off (the measured window). */
  record(on: boolean): void;
  /** undefined for a broker that stores nothing. */
  observe(): PipelineObservations | undefined;
  close(): Promise<void>;
}
