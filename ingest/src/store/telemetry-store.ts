import type { AggregateFn, DeviceKind, DeviceKindSpec, HistoryGrouping, FieldValue, HistoryTier, Reading, StorageStatus, TelemetryPoint } from '@kendali/contracts';
import { embeddedStoreHealth } from './embedded-store-health';

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

/**
 * Several fields of many devices of one kind, in buckets, grouped (the API splits a query that spans
 * kinds into one of these per kind). Without `everyMs` it asks for raw readings, one series per device.
 */
export interface AcrossQuery {
  readonly kind: DeviceKind;
  /** The devices to read; the API resolved the selector (ids, district, city) against the registry. */
  readonly deviceIds: readonly string[];
  readonly fields: readonly string[];
  /** Aggregates per bucket; ignored for raw readings. */
  readonly fns: readonly AggregateFn[];
  /** Series per device, per district (the district stored with each reading) or one for the kind. */
  readonly groupBy: HistoryGrouping;
  readonly fromMs: number;
  readonly toMs: number;
  readonly everyMs?: number;
  /** Buckets start at this instant plus whole multiples of `everyMs` (the room's midnight for days); default 0. */
  readonly originMs?: number;
  /** Most points per series. */
  readonly limit: number;
}

/** One series of an across-the-city answer (group: device id, district name or kind). */
export interface AcrossSeries {
  readonly group: string;
  readonly field: string;
  /** null for raw readings. */
  readonly fn: AggregateFn | null;
  readonly points: HistoryPoint[];
}

export interface AcrossAnswer {
  /** Which tier the store read: raw readings, or a roll-up when the bucket and range allow it. */
  readonly tier: HistoryTier;
  readonly series: AcrossSeries[];
}

export interface RollupRange {
  readonly fromMs: number;
  readonly toMs: number;
  /** One kind only; all kinds when absent. */
  readonly kind?: DeviceKind;
}

/** Raw readings of many devices of one kind, for exports: read in pages, oldest first. */
export interface ReadingsQuery {
  readonly kind: DeviceKind;
  readonly deviceIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  /** Readings per page handed out (memory stays bounded by it however long the range). */
  readonly pageSize: number;
}

/** Raw readings as columns, for exports: only the fields asked for, in that order. */
export interface ReadingColumnsQuery extends ReadingsQuery {
  readonly fields: readonly string[];
}

/**
 * A page of raw readings column by column (row `i` is the `i`th entry of every column): an export
 * writes them without a `Reading` object, and its `fields` record, per reading.
 */
export interface ReadingColumns {
  readonly deviceIds: readonly string[];
  readonly districts: readonly string[];
  /** Reading times, ms since the epoch. */
  readonly ts: readonly number[];
  /** One column per field asked for, in the order asked; null where a reading has no value. */
  readonly fields: readonly (readonly (FieldValue | null)[])[];
}

/**
 * Raw readings written out by the store's database itself, as CSV lines or one Parquet file, for
 * exports of any size: the rows never become JavaScript values. The columns are fixed: the time on
 * the city's clock with its offset, the time in UTC, device, kind, district, then `fields`.
 */
export interface ReadingFileQuery {
  readonly format: 'csv' | 'parquet';
  readonly fromMs: number;
  readonly toMs: number;
  /** Column names (Parquet only; a CSV's header is the caller's): the five fixed ones, then one per field. */
  readonly names: readonly string[];
  /** The field columns: a value type each. */
  readonly fields: readonly { readonly type: 'number' | 'boolean' | 'string' }[];
  /** One per kind, written in this order: for each field column, the kind's field it holds, or null. */
  readonly parts: readonly { readonly kind: DeviceKind; readonly deviceIds: readonly string[]; readonly fields: readonly (string | null)[] }[];
  /**
   * The city's offset from UTC over the range, ms: each entry holds from its `fromMs` (the first
   * from the range's start) to the next entry's. Times are written as the API writes them
   * (`2026-03-10T07:00:00.000+07:00`, `2026-03-10T00:00:00.000Z`).
   */
  readonly wallOffsets: readonly { readonly fromMs: number; readonly offsetMs: number }[];
  /** Key-value metadata of a Parquet file. */
  readonly parquetMetadata?: readonly { readonly key: string; readonly value: string }[];
  /** Told the rows of each slice just before its bytes are handed out. */
  readonly onRows?: (rows: number) => void;
}

/** Start of the bucket (or the reading's time for raw points), ms epoch, and the value there. */
export type HistoryPoint = TelemetryPoint;

/** What a store tells whoever listens, once per change (never once per retry). */
export interface TelemetryStoreEvents {
  /** The store changed state (InfluxDB reachable or not, spool full). */
  health: [StoreHealth];
  /** A group commit made readings durable: how long it took, seconds, and how many it held (/metrics). */
  committed: [seconds: number, readings: number];
  /** The remote store refused readings for good (HTTP 400); they were kept in the spool's refused.lp. */
  refused: [count: number, detail: string];
  /** Something an operator should read once, e.g. a server that refused to keep the roll-up tiers. */
  notice: [detail: string];
  /** A background roll-up or retention run failed; it is tried again at its next turn. */
  maintenanceFailed: [Error];
}

/** Figures of a store's roll-up job and retention (/metrics). */
export interface RollupStatus {
  /** Seconds since the oldest commit not rolled up yet; 0 when none waits. */
  readonly lagSeconds: number;
  /** Rows deleted by retention since start, per tier. */
  readonly retentionDeletedRows: { readonly raw: number; readonly '1m': number };
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
  historyAcross(query: AcrossQuery): Promise<AcrossAnswer>;
  /** Which tier `history(query)` reads; absent = raw readings only. */
  historyTier?(query: Pick<HistoryQuery, 'everyMs'>): HistoryTier;
  /** Roll-up lag and retention figures; absent (or undefined) for a store that keeps no roll-ups here. */
  rollupStatus?(): RollupStatus | undefined;
  /**
   * Recomputes the 1-minute and 1-hour roll-ups of a past range from the raw readings still kept
   * (after a backfill of late readings, or a change of code); resolves with the buckets written.
   */
  rebuildRollups(range: RollupRange): Promise<{ readonly buckets: number }>;
  /** Raw readings in pages, ordered by time then device, each page at most `pageSize` readings. */
  readings(query: ReadingsQuery): AsyncIterable<readonly Reading[]>;
  /** The same pages as `readings`, as columns; absent where a store has no cheaper way than `readings`. */
  readingColumns?(query: ReadingColumnsQuery): AsyncIterable<ReadingColumns>;
  /**
   * The readings of `query` as the bytes of a file (CSV lines without a header, or a whole Parquet
   * file), written by the database a slice at a time through a temporary file that is removed once
   * read. Aborting `signal` stops the query being run and removes the file. Absent where the store
   * has no database of its own (InfluxDB).
   */
  readingFile?(query: ReadingFileQuery, signal: AbortSignal): AsyncIterable<Uint8Array>;
  /** Newest stored reading of every device (warm start of the live state). */
  latestPerDevice(): Promise<Reading[]>;
  /**
   * Makes room for a new version of a kind's profile before it goes live: a table or measurement
   * for a new kind, a column for a new field (a removed field's history stays readable). Throws
   * `KENDALI_ERR_PROFILE_CONFLICT` for a change the readings already stored cannot follow.
   */
  prepareKind(next: DeviceKindSpec, previous: DeviceKindSpec | undefined): Promise<void>;
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
export type TelemetryReads = Pick<TelemetryStore, 'history' | 'historyTier' | 'historyAcross' | 'rebuildRollups' | 'rollupStatus' | 'readings' | 'readingColumns' | 'readingFile' | 'latestPerDevice' | 'storedCount' | 'commitCount' | 'health' | 'recovery' | 'on' | 'off'>;

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

/** What live frames and /readyz say about a store: its own health, or that of an embedded store that commits. */
export function storageStatus(store: Pick<TelemetryStore, 'health' | 'storedCount'>): StoreHealth {
  return store.health?.() ?? embeddedStoreHealth(store.storedCount, undefined);
}
