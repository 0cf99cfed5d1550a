import type { CompletionTimeline } from './completion-timeline';

/** Cumulative counters of the broker side. */
interface TargetCounters {
  /** Kendali: readings committed to the store. Bare Aedes: messages through its publish path. */
  readonly completed: number;
  /** Rejected readings and store failures: both must stay 0 for the figures to mean anything. */
  readonly rejected: number;
  readonly storeFailures: number;
}

/** A broker under test, listening on loopback. */
export interface BenchTarget {
  readonly name: 'kendali' | 'bare aedes' | 'durable floor';
  readonly url: string;
  /** Each completion with completion time − payload `ts` (ms clock); Kendali marks store commits. */
  readonly completions: CompletionTimeline;
  /** Each reading in a live frame, at frame.at, with frame.at − reading.ts (Kendali only). */
  readonly frames: CompletionTimeline | null;
  /**
   * Each message made durable, at that moment, with the time since the broker handed it to ingest
   * (Kendali only): the part of publish → stored spent in Kendali, without the socket buffers.
   */
  readonly intake: CompletionTimeline | null;
  /** Where `GET /api/live` is served, with the test admin token (Kendali only). */
  readonly http: string | null;
  counters(): TargetCounters;
  close(): Promise<void>;
}
