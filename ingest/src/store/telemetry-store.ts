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

/** What a store tells whoever listens, once per change (never once per retry). */
export interface TelemetryStoreEvents {
  /** The store changed state (InfluxDB reachable or not, spool full). */
  health: [StoreHealth];
  /** The remote store refused readings for good (HTTP 400); they were kept in the spool's refused.lp. */
  refused: [count: number, detail: string];
}

/** What a store found to replay when it opened: a spool's backlog after a stop or a crash. */
export interface StoreRecovery {
  readonly backlogRecords: number;
  /** Bytes cut from the end of the newest segment: a record torn by a crash mid-write. */
  readonly tornBytes: number;
  /** Segments whose tail failed its CRC (a damaged disk, not a crash): the rest of each was skipped. */
  readonly damagedSegments: readonly number[];
}

/**
 * Where readings live. `append` resolves only once the readings are durable. Every implementation
 * passes the one conformance suite, tests/conformance/telemetry-store-conformance.ts.
 */
export interface TelemetryStore {
  append(readings: readonly Reading[]): Promise<void>;
  history(query: HistoryQuery): Promise<HistoryPoint[]>;
  /** Newest stored reading of every device (warm start of the live state). */
  latestPerDevice(): Promise<Reading[]>;
  /** Readings durably stored since the process started; one stored again (same device and `ts`) counts again. */
  readonly storedCount: number;
  /** Group commits since the process started. */
  readonly commitCount: number;
  /** Where the store stands; absent for a store that works whenever the process does (embedded). */
  health?(): StoreHealth;
  /** What was replayed at open; absent for a store that has nothing to replay (embedded). */
  readonly recovery?: StoreRecovery;
  on<Event extends keyof TelemetryStoreEvents>(event: Event, listener: (...args: TelemetryStoreEvents[Event]) => void): this;
  off<Event extends keyof TelemetryStoreEvents>(event: Event, listener: (...args: TelemetryStoreEvents[Event]) => void): this;
  close(): Promise<void>;
}

/** What the API and the composition root read of the store: history, figures and health, never `append`. */
export type TelemetryReads = Pick<TelemetryStore, 'history' | 'latestPerDevice' | 'storedCount' | 'commitCount' | 'health' | 'recovery' | 'on' | 'off'>;

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
export function storageStatus(store: Pick<TelemetryStore, 'health' | 'storedCount'>): StoreHealth {
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
