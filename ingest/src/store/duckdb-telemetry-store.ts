import { EventEmitter } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { builtInKinds, systemClock, type Clock, type DeviceKind, type DeviceKindSpec, type HistoryTier, type KindLookup, type Reading } from '@kendali/contracts';
import { aggregateSql, answersAggregate, historyAcrossRaw, toFieldValue } from './duckdb-history';
import { evolveKindTables, readLayout } from './duckdb-kind-evolution';
import { latestPerDevice } from './duckdb-latest-readings';
import { readingFile } from './duckdb-reading-file';
import { readingColumnPages, readingPages } from './duckdb-reading-pages';
import { historyFromTiles } from './duckdb-tiered-history';
import { embeddedStoreHealth } from './embedded-store-health';
import { GroupCommitWriter } from './group-commit-writer';
import { chooseTier, defaultRetention, type RetentionPolicy } from './history-tier';
import { RollupMaintainer } from './rollup-maintainer';
import { RollupNotes } from './rollup-notes';
import { dirtyDdl, rollupDdl } from './rollup-tables';
import { ensureReadingKey } from './telemetry-key';
import { quoteIdent, tableDdl, tableName, type TableLayout } from './telemetry-tables';
import type { AcrossAnswer, AcrossQuery, HistoryPoint, HistoryQuery, ReadingColumns, ReadingColumnsQuery, ReadingFileQuery, ReadingsQuery, RollupRange, RollupStatus, StoreHealth, TelemetryStore, TelemetryStoreEvents } from './telemetry-store';

export interface DuckDbStoreOptions {
  /** "Now" for retention and the roll-up lag. */
  readonly clock: Clock;
  readonly retention: RetentionPolicy;
  /** Keep 1-minute and 1-hour roll-ups while ingesting; off, every query reads raw readings. */
  readonly rollups: boolean;
  /** How often the background job rolls up the buckets commits touched, ms; 0 = only when a query needs them. */
  readonly rollupIntervalMs: number;
  /** How often retention runs, ms; 0 = only when asked (`applyRetention`). */
  readonly retentionIntervalMs: number;
  /** The kinds there are (the profile catalogue): a table per kind, laid out from its fields. */
  readonly kinds: KindLookup;
  /**
   * A folder for the temporary files of exports the database writes (`readingFile`), emptied at
   * open; null: no `readingFile`.
   */
  readonly exportDir: string | null;
  /**
   * Readings per slice of such an export: each slice is sorted (by time, then device) and formatted
   * in DuckDB's memory and written to a temporary file before its bytes are handed on. DuckDB's
   * allocator keeps what a query freed for a while, so the process grows with the slice: measured
   * on 2 million readings of 4 fields, slices of 200,000 grew it by ~200 MiB, of 50,000 by ~90, of
   * 20,000 by ~65, of 10,000 by ~60 (and more, smaller queries cost time).
   */
  readonly exportSliceRows: number;
}

export const defaultDuckDbStoreOptions: DuckDbStoreOptions = Object.freeze({
  clock: systemClock,
  retention: defaultRetention,
  rollups: true,
  rollupIntervalMs: 0,
  retentionIntervalMs: 0,
  kinds: builtInKinds as KindLookup,
  exportDir: null,
  exportSliceRows: 20_000,
});

/**
 * The embedded time-series store: one DuckDB file, a wide table per device kind, one row per
 * (device, ts) as in InfluxDB. Its health is its commits': not fine from a failed one until the next
 * succeeds (a full disk, a damaged file), and it emits `health` on each change.
 */
export class DuckDbTelemetryStore extends EventEmitter<TelemetryStoreEvents> implements TelemetryStore {
  readonly #timers: NodeJS.Timeout[] = [];

  private constructor(
    private readonly writer: GroupCommitWriter,
    private readonly writeConnection: DuckDBConnection,
    private readonly readConnection: DuckDBConnection,
    /** Shared with the writer and the roll-up job: a profile change replaces a kind's entry. */
    private readonly layouts: Map<DeviceKind, TableLayout>,
    /** Roll-ups and retention, on a connection of their own; null with roll-ups off. */
    private readonly maintainer: RollupMaintainer | null,
    private readonly rollupConnection: DuckDBConnection | null,
    private readonly kinds: KindLookup,
    instance: DuckDBInstance,
    { exportDir, exportSliceRows }: Pick<DuckDbStoreOptions, 'exportDir' | 'exportSliceRows'>,
  ) {
    super();
    writer.onCommitted = (seconds, rows) => this.emit('committed', seconds, rows);
    writer.onFailingChanged = () => this.emit('health', this.health());
    if (exportDir !== null) {
      const columnsOf = (kind: string) => new Map(this.layouts.get(kind)?.fieldColumns.map((column) => [column.name, column.kind]));
      this.readingFile = (query, signal) => readingFile({ instance, dir: exportDir, sliceRows: exportSliceRows, tableColumns: columnsOf }, query, signal);
    }
  }

  /** Present when the store was given an `exportDir`. */
  readonly readingFile?: (query: ReadingFileQuery, signal: AbortSignal) => AsyncIterable<Uint8Array>;

  static async open(instance: DuckDBInstance, options: Partial<DuckDbStoreOptions> = {}): Promise<DuckDbTelemetryStore> {
    const settings = { ...defaultDuckDbStoreOptions, ...options };
    const writeConnection = await instance.connect();
    const layouts = new Map<DeviceKind, TableLayout>();
    for (const spec of settings.kinds.all()) {
      const kind = spec.kind;
      for (const statement of tableDdl(spec)) await writeConnection.run(statement);
      const layout = await readLayout(writeConnection, kind);
      await ensureReadingKey(writeConnection, kind, layout);
      for (const statement of rollupDdl(kind, layout)) await writeConnection.run(statement);
      layouts.set(kind, layout);
    }
    await writeConnection.run(dirtyDdl);
    let maintainer: RollupMaintainer | null = null;
    let rollupConnection: DuckDBConnection | null = null;
    let notes: RollupNotes | undefined;
    if (settings.rollups) {
      rollupConnection = await instance.connect();
      const job = new RollupMaintainer(rollupConnection, layouts, settings.clock, settings.retention);
      await job.recover();
      notes = await RollupNotes.open(writeConnection, job.committed);
      maintainer = job;
    }
    const writer = await GroupCommitWriter.open(writeConnection, layouts, notes);
    if (maintainer !== null && notes !== undefined) {
      const noted = notes;
      maintainer.takingNotes = (take) =>
        writer.exclusive(async () => {
          noted.forget();
          await take();
        });
    }
    if (settings.exportDir !== null) {
      // An export cut short by a crash leaves its file behind.
      await rm(settings.exportDir, { recursive: true, force: true });
      await mkdir(settings.exportDir, { recursive: true });
    }
    const store = new DuckDbTelemetryStore(writer, writeConnection, await instance.connect(), layouts, maintainer, rollupConnection, settings.kinds, instance, settings);
    store.#schedule(settings);
    return store;
  }

  /** Background work on timers that do not keep the process alive; a failure is reported and tried again next time. */
  #schedule(settings: DuckDbStoreOptions): void {
    const maintainer = this.maintainer;
    if (maintainer === null) return;
    const every = (ms: number, work: () => Promise<unknown>) => {
      if (ms <= 0) return;
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        work()
          .catch((error: unknown) => {
            if (!maintainer.stopped) this.emit('maintenanceFailed', error instanceof Error ? error : new Error(String(error)));
          })
          .finally(() => (running = false));
      }, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(settings.rollupIntervalMs, () => maintainer.catchUp());
    every(settings.retentionIntervalMs, () => maintainer.applyRetention());
  }

  /** Runs retention now (the timer does it by itself when configured); resolves with the rows deleted. */
  applyRetention(): Promise<RollupStatus['retentionDeletedRows']> {
    return this.maintainer?.applyRetention() ?? Promise.resolve({ raw: 0, '1m': 0 });
  }

  /** Rolls up what commits noted so far (the timer does it by itself when configured). */
  async catchUpRollups(): Promise<number> {
    return (await this.maintainer?.catchUp()) ?? 0;
  }

  rollupStatus(): RollupStatus | undefined {
    return this.maintainer?.status();
  }

  historyTier(query: Pick<HistoryQuery, 'everyMs'>): HistoryTier {
    return this.maintainer === null ? 'raw' : chooseTier(query.everyMs === undefined ? {} : { everyMs: query.everyMs });
  }

  get storedCount(): number {
    return this.writer.committedRows;
  }

  get commitCount(): number {
    return this.writer.commits;
  }

  health(): StoreHealth {
    return embeddedStoreHealth(this.writer.committedRows, this.writer.failing);
  }

  /** Readings stored through the upsert because they came at or before their device's newest stored one. */
  get upsertedCount(): number {
    return this.writer.upsertedRows;
  }

  append(readings: readonly Reading[]): Promise<void> {
    return this.writer.append(readings);
  }

  async history(query: HistoryQuery): Promise<HistoryPoint[]> {
    const kind = query.kind;
    const fieldColumn = this.#layout(kind).fieldColumns.find((column) => column.name === query.field);
    if (fieldColumn === undefined) throw new Error(`device kind ${kind} has no field ${query.field}`);
    if (query.everyMs !== undefined && !answersAggregate(fieldColumn, query.fn)) return [];
    const tier = this.historyTier(query);
    if (tier !== 'raw' && query.everyMs !== undefined) {
      await this.maintainer?.catchUp();
      const { deviceId, field, fn, fromMs, toMs, everyMs, limit } = query;
      const across = { kind, deviceIds: [deviceId], fields: [field], fns: [fn], groupBy: 'device', fromMs, toMs, everyMs, limit } as const;
      const answer = await historyFromTiles(this.readConnection, this.#layout(kind), across, tier);
      return answer.series[0]?.points ?? [];
    }
    const column = quoteIdent(query.field);
    const table = tableName(kind);
    const where = `device_id = $device AND ts >= epoch_ms($from::BIGINT) AND ts < epoch_ms($to::BIGINT)`;
    const sql =
      query.everyMs === undefined
        ? `SELECT epoch_ms(ts) AS t, ${column} AS value FROM ${table} WHERE ${where} AND ${column} IS NOT NULL ORDER BY ts LIMIT $limit`
        : `SELECT epoch_ms(time_bucket(to_milliseconds($every::BIGINT), ts)) AS t, ${aggregateSql[query.fn](column)} AS value
           FROM ${table} WHERE ${where} GROUP BY 1 ORDER BY 1 LIMIT $limit`;
    const params: Record<string, string | number> = {
      device: query.deviceId,
      from: Math.floor(query.fromMs),
      to: Math.ceil(query.toMs),
      limit: query.limit,
    };
    if (query.everyMs !== undefined) params.every = Math.round(query.everyMs);
    const reader = await this.readConnection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((row) => ({ t: Number(row.t), value: toFieldValue(row.value) }));
  }

  async rebuildRollups(range: RollupRange): Promise<{ readonly buckets: number }> {
    if (this.maintainer === null) throw new Error('this store keeps no roll-ups (opened with rollups: false)');
    return { buckets: await this.maintainer.rebuild(range) };
  }

  async historyAcross(query: AcrossQuery): Promise<AcrossAnswer> {
    const tier = this.maintainer === null ? 'raw' : chooseTier(query);
    if (tier === 'raw' || query.everyMs === undefined) return historyAcrossRaw(this.readConnection, this.#layout(query.kind), query);
    await this.maintainer?.catchUp();
    return historyFromTiles(this.readConnection, this.#layout(query.kind), { ...query, everyMs: query.everyMs, originMs: query.originMs ?? 0 }, tier);
  }

  #layout(kind: DeviceKind): TableLayout {
    const layout = this.layouts.get(kind);
    if (layout === undefined) throw new Error(`no table for device kind ${kind}`);
    return layout;
  }

  readings(query: ReadingsQuery): AsyncIterable<readonly Reading[]> {
    const columns = this.layouts.get(query.kind)?.fieldColumns.map((column) => column.name) ?? [];
    return readingPages(this.readConnection, query, columns);
  }

  readingColumns(query: ReadingColumnsQuery): AsyncIterable<ReadingColumns> {
    const columns = new Map(this.layouts.get(query.kind)?.fieldColumns.map((column) => [column.name, column.kind]));
    return readingColumnPages(this.readConnection, query, columns);
  }

  /**
   * Makes the tables fit a new profile version (`duckdb-kind-evolution.ts`) between group commits
   * and between roll-up tasks, then hands the writer the kind's new layout.
   */
  async prepareKind(next: DeviceKindSpec, previous: DeviceKindSpec | undefined): Promise<void> {
    const change = () =>
      this.writer.exclusive(async () => {
        this.layouts.set(next.kind, await evolveKindTables(this.writeConnection, next, previous, this.layouts.get(next.kind)));
        await this.writer.reshape(next.kind);
      });
    await (this.maintainer === null ? change() : this.maintainer.exclusive(change));
  }

  latestPerDevice(): Promise<Reading[]> {
    return latestPerDevice(this.readConnection, this.layouts, this.kinds);
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    await this.writer.flush();
    this.writer.close();
    await this.maintainer?.stop();
    this.rollupConnection?.closeSync();
    await this.writeConnection.run('CHECKPOINT');
    this.writeConnection.closeSync();
    this.readConnection.closeSync();
  }
}
