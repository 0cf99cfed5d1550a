import type { DuckDBConnection } from '@duckdb/node-api';
import type { Clock, DeviceKind } from '@kendali/contracts';
import type { RetentionPolicy } from './history-tier';
import { at, hourMs, minuteMs, minuteRanges, refreshRollups } from './rollup-refresh';
import { dirtyTable, rollupTableName } from './rollup-tables';
import { tableName, type TableLayout } from './telemetry-tables';
import type { RollupRange, RollupStatus } from './telemetry-store';

const dayMs = 86_400_000;
/** Rows of one retention delete: short transactions, so the job and queries get their turn between them. */
const retentionBatchRows = 50_000;

/**
 * Keeps the 1-minute and 1-hour roll-ups and applies retention, on a connection of its own so the
 * group commit never waits for it. All its work runs one task at a time: catching up with the
 * buckets commits noted, rebuilding a range, a batch of retention deletes.
 */
export class RollupMaintainer {
  #queue: Promise<unknown> = Promise.resolve();
  /** Clock time of the first commit since the job last took the notes; undefined = none waits. */
  #unrolledSince: number | undefined;
  #deleted = { raw: 0, '1m': 0 };
  #stopped = false;
  /**
   * Runs `take` (the job's transaction beginning and copying the notes) while no commit is under
   * way, and makes every later commit note its buckets anew: the group commit's side, set once the
   * writer exists.
   */
  takingNotes: (take: () => Promise<void>) => Promise<void> = (take) => take();

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly layouts: ReadonlyMap<DeviceKind, TableLayout>,
    private readonly clock: Clock,
    private readonly retention: RetentionPolicy,
  ) {}

  /** Notes left by a process that stopped before rolling them up count as waiting from now. */
  async recover(): Promise<void> {
    const reader = await this.connection.runAndReadAll(`SELECT count(*) AS n FROM ${dirtyTable}`);
    if (Number(reader.getRowObjectsJS()[0]?.n ?? 0) > 0) this.#unrolledSince = this.clock.now();
  }

  /** The group commit made a commit that noted buckets. */
  readonly committed = (): void => {
    this.#unrolledSince ??= this.clock.now();
  };

  status(): RollupStatus {
    const since = this.#unrolledSince;
    return {
      lagSeconds: since === undefined ? 0 : Math.max(0, this.clock.now() - since) / 1000,
      retentionDeletedRows: { ...this.#deleted },
    };
  }

  /**
   * Rolls up every bucket touched by commits made before it was called; resolves with the buckets
   * written. Queries call it first, so an answer from a roll-up counts every committed reading.
   */
  catchUp(): Promise<number> {
    if (this.#unrolledSince === undefined) return this.#serial(async () => 0); // still waits for a run under way
    return this.#serial(() => this.#rollUpTouched());
  }

  /** Recomputes whole hours of a range from the raw readings still kept (those retention left). */
  rebuild(range: RollupRange): Promise<number> {
    // An hour's margin: a retention run queued before this rebuild's transactions may move the raw cutoff on.
    const keptFrom = Math.ceil((this.clock.now() - this.retention.rawMs) / hourMs) * hourMs + hourMs;
    const fromMs = Math.max(Math.floor(range.fromMs / hourMs) * hourMs, keptFrom);
    // Nothing is stored beyond the near future (readings a few minutes ahead are accepted).
    const toMs = Math.min(Math.ceil(range.toMs / hourMs), Math.ceil(this.clock.now() / hourMs) + 1) * hourMs;
    const kinds = range.kind === undefined ? [...this.layouts.keys()] : [range.kind];
    let buckets = 0;
    let chain: Promise<unknown> = Promise.resolve();
    // A day per transaction: a long range never holds one huge transaction.
    for (let start = fromMs; start < toMs; start += dayMs) {
      const end = Math.min(start + dayMs, toMs);
      chain = this.#serial(() =>
        this.#transaction(async () => {
          for (const kind of kinds) buckets += await refreshRollups(this.connection, this.#layout(kind), { kind, fromMs: start, toMs: end, touchedOnly: false });
        }),
      );
    }
    return chain.then(() => buckets);
  }

  /**
   * Deletes raw readings older than the raw retention and 1-minute roll-ups older than theirs, a
   * slice at a time, never a reading (or minute) whose bucket still waits to be rolled up.
   */
  async applyRetention(): Promise<RollupStatus['retentionDeletedRows']> {
    const deleted = { raw: 0, '1m': 0 };
    const now = this.clock.now();
    for (const kind of this.layouts.keys()) {
      const waiting = await this.#serial(() => this.#oldestWaitingMinute(kind));
      const rawCutoff = Math.min(Math.floor((now - this.retention.rawMs) / minuteMs) * minuteMs, waiting ?? Infinity);
      deleted.raw += await this.#deleteBefore(tableName(kind), 'ts', rawCutoff);
      const minuteCutoff = Math.min(Math.floor((now - this.retention.minuteMs) / hourMs) * hourMs, waiting === undefined ? Infinity : Math.floor(waiting / hourMs) * hourMs);
      deleted['1m'] += await this.#deleteBefore(rollupTableName('1m', kind), 'bucket', minuteCutoff);
    }
    this.#deleted.raw += deleted.raw;
    this.#deleted['1m'] += deleted['1m'];
    return deleted;
  }

  /**
   * Runs `work` as one of the job's tasks, so no roll-up or retention batch runs while a kind's
   * tables change, and the next one reads the layout as changed.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.#serial(work);
  }

  /** Takes no more work and waits for the task under way (before its connection closes). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#queue.catch(() => undefined);
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  async #rollUpTouched(): Promise<number> {
    const since = this.#unrolledSince;
    this.#unrolledSince = undefined;
    try {
      // The transaction sees the notes, and the readings, of every commit before it began and of none
      // after; those after note their buckets again, as the writer forgot which it had noted. A
      // commit running while it began could skip a bucket noted before, its reading unseen here.
      const begin = () =>
        this.takingNotes(async () => {
          await this.connection.run('BEGIN TRANSACTION');
          await this.connection.run(`CREATE OR REPLACE TEMP TABLE rollup_touched AS SELECT DISTINCT kind, device_id, minute FROM main.${dirtyTable}`);
        });
      return await this.#transaction(async () => {
        await this.connection.run(`DELETE FROM main.${dirtyTable}`);
        const reader = await this.connection.runAndReadAll(`SELECT kind, epoch_ms(minute) AS minute FROM temp.main.rollup_touched GROUP BY ALL ORDER BY kind, minute`);
        const minutesByKind = new Map<DeviceKind, number[]>();
        for (const row of reader.getRowObjectsJS()) {
          const kind = String(row.kind) as DeviceKind;
          let minutes = minutesByKind.get(kind);
          if (minutes === undefined) minutesByKind.set(kind, (minutes = []));
          minutes.push(Number(row.minute));
        }
        let buckets = 0;
        for (const [kind, minutes] of minutesByKind) {
          for (const range of minuteRanges(minutes)) buckets += await refreshRollups(this.connection, this.#layout(kind), { kind, ...range, touchedOnly: true });
        }
        return buckets;
      }, begin);
    } catch (error) {
      // The notes are still there (rolled back): they wait since then at the latest.
      if (since !== undefined) this.#unrolledSince = Math.min(since, this.#unrolledSince ?? since);
      throw error;
    }
  }

  async #oldestWaitingMinute(kind: DeviceKind): Promise<number | undefined> {
    const reader = await this.connection.runAndReadAll(`SELECT epoch_ms(min(minute)) AS oldest FROM ${dirtyTable} WHERE kind = '${kind}'`);
    const oldest = reader.getRowObjectsJS()[0]?.oldest;
    return oldest === null || oldest === undefined ? undefined : Number(oldest);
  }

  /** Deletes rows before `cutoffMs`, oldest first, a batch per task. */
  async #deleteBefore(table: string, column: string, cutoffMs: number): Promise<number> {
    if (!Number.isFinite(cutoffMs)) return 0;
    let deleted = 0;
    for (;;) {
      const batch = await this.#serial(async () => {
        const reader = await this.connection.runAndReadAll(
          `SELECT count(*) AS n, epoch_us(max(${column})) AS last FROM (SELECT ${column} FROM ${table} WHERE ${column} < ${at(cutoffMs)} ORDER BY ${column} LIMIT ${retentionBatchRows})`,
        );
        const row = reader.getRowObjectsJS()[0];
        if (row === undefined || Number(row.n) === 0) return { rows: 0, full: false };
        const result = await this.connection.run(`DELETE FROM ${table} WHERE ${column} <= make_timestamp(${String(row.last)}::BIGINT) AND ${column} < ${at(cutoffMs)}`);
        return { rows: Number(result.rowsChanged), full: Number(row.n) === retentionBatchRows };
      });
      deleted += batch.rows;
      if (!batch.full) return deleted;
    }
  }

  async #transaction<T>(work: () => Promise<T>, begin: () => Promise<unknown> = () => this.connection.run('BEGIN TRANSACTION')): Promise<T> {
    try {
      await begin();
      const result = await work();
      await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  #layout(kind: DeviceKind): TableLayout {
    const layout = this.layouts.get(kind);
    if (layout === undefined) throw new Error(`no table for device kind ${kind}`);
    return layout;
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue
      .catch(() => undefined)
      .then(() => {
        if (this.#stopped) throw new Error('the store is closing: roll-up and retention work has stopped');
        return work();
      });
    this.#queue = run;
    return run;
  }
}
