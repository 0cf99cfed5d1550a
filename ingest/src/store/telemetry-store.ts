import type { AggregateFn, DeviceKind, Reading, StorageStatus, TelemetryPoint } from '@kendali/contracts';

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

/** Start of the bucket (or the reading's time for raw points), ms epoch, and the value there. */
export type HistoryPoint = TelemetryPoint;

/** Where readings live. `append` resolves only once the readings are durable. */
export interface TelemetryStore {
  append(readings: readonly Reading[]): Promise<void>;
  history(query: HistoryQuery): Promise<HistoryPoint[]>;
  /** Newest stored reading of every device (warm start of the live state). */
  latestPerDevice(): Promise<Reading[]>;
  /** Readings durably stored since the process started. */
  readonly storedCount: number;
  /** Group commits since the process started. */
  readonly commitCount: number;
  /** Where the store stands; absent for a store that works whenever the process does (embedded). */
  health?(): StoreHealth;
  close(): Promise<void>;
}

/** A store that forwards from a local spool (InfluxDB): its backlog and how forwarding goes. */
export interface StoreHealth extends StorageStatus {
  /** Bytes of the unforwarded backlog in the spool. */
  readonly backlogBytes: number;
  /** Appends waiting because the spool reached its size bound (publishers get no PUBACK meanwhile). */
  readonly waitingAppends: number;
  /** Readings confirmed by the remote store since start. */
  readonly forwardedCount: number;
  /** Failed write attempts since start (each retry counts). */
  readonly forwardErrorCount: number;
  /** Readings the remote store refused for good (HTTP 400) since start, kept in the spool's refused.lp. */
  readonly refusedCount: number;
}

/** What live frames and /readyz say about a store: its own health, or (embedded) always fine. */
export function storageStatus(store: TelemetryStore): StoreHealth {
  return (
    store.health?.() ?? {
      ok: true,
      detail: `embedded DuckDB, ${store.storedCount} readings stored since start`,
      backlogReadings: 0,
      backlogBytes: 0,
      waitingAppends: 0,
      forwardedCount: 0,
      forwardErrorCount: 0,
      refusedCount: 0,
    }
  );
}
