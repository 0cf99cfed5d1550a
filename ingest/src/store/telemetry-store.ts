import type { DeviceKind, Reading } from '@kendali/contracts';

export type AggregateFn = 'mean' | 'min' | 'max' | 'last' | 'count';
export const aggregateFns: readonly AggregateFn[] = ['mean', 'min', 'max', 'last', 'count'];

export interface HistoryQuery {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly field: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Bucket width in milliseconds; absent means raw points. */
  readonly everyMs?: number;
  readonly fn: AggregateFn;
  /** Most points returned. */
  readonly limit: number;
}

export interface HistoryPoint {
  /** Start of the bucket (or the reading's time for raw points), ms epoch. */
  readonly t: number;
  readonly value: number | boolean | null;
}

/** Where readings live. `append` resolves only once the readings are durable. */
export interface TelemetryStore {
  append(readings: readonly Reading[]): Promise<void>;
  history(query: HistoryQuery): Promise<HistoryPoint[]>;
  /** Newest stored reading of every device (warm start of the live state). */
  latestPerDevice(): Promise<Reading[]>;
  /** Readings durably stored since the process started. */
  readonly storedCount: number;
  close(): Promise<void>;
}
