import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { DeviceKind, Reading } from '@kendali/contracts';
import { appendRow } from './appender-row';
import { NewestStored } from './newest-stored';
import { clearStaging, onePerDeviceAndTime, stagingDdl, stagingTable, upsertFromStaging } from './reading-upsert';
import type { RollupNotes } from './rollup-notes';
import { tableName, type TableLayout } from './telemetry-tables';

/** Why commits fail: the latest failure's message, and how many commits in a row failed. */
export interface CommitFailure {
  readonly message: string;
  readonly commitsInARow: number;
}

interface PendingAppend {
  readonly readings: readonly Reading[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * What a commit runs for one kind after its rows are staged. Plain SQL, not prepared statements:
 * a prepared INSERT … ON CONFLICT DO UPDATE run again wrote garbage rows in DuckDB 1.5.6.
 */
interface KindStatements {
  readonly upsert: string;
  readonly clear: string;
}

/**
 * Group commit: every append waiting when a commit starts joins it, and the next commit starts as
 * soon as the previous one ends — no timer, so batches grow with load and an idle system commits
 * at once (docs/architecture.md: a timer cost 30-75 % of throughput). A device's readings newer
 * than its newest stored one are appended straight into their kind's table (`newest-stored.ts`);
 * the others go through an appender into a staging table and on with one upsert per kind
 * (`reading-upsert.ts`). All of it is one transaction per commit, so a commit covering every kind
 * costs one WAL fsync, and the fsync runs on DuckDB's worker thread, off the broker's event loop.
 */
export class GroupCommitWriter {
  #pending: PendingAppend[] = [];
  #running: Promise<void> | undefined;
  /** The commit under way, from BEGIN to its end. */
  #committing: Promise<void> | undefined;
  /** Work under way between commits (`exclusive`): no commit starts until it settles. */
  #exclusiveWork: Promise<void> | undefined;
  /** Into each kind's staging table, for readings that may repeat a stored (device, ts). */
  readonly #appenders = new Map<DeviceKind, DuckDBAppender>();
  /** Straight into each kind's table, for readings newer than their device's newest stored one. */
  readonly #tableAppenders = new Map<DeviceKind, DuckDBAppender>();
  readonly #newest = new NewestStored();
  readonly #statements = new Map<DeviceKind, KindStatements>();
  #committedRows = 0;
  #commits = 0;
  #upsertedRows = 0;
  #failing: CommitFailure | undefined;
  /** Told of every commit that succeeded: its duration, seconds (BEGIN to COMMIT), and its rows. */
  onCommitted: ((seconds: number, rows: number) => void) | undefined;
  /** Told when commits start failing (with the failure) and when one succeeds again (undefined). */
  onFailingChanged: ((failing: CommitFailure | undefined) => void) | undefined;

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly layouts: ReadonlyMap<DeviceKind, TableLayout>,
    /** Notes the buckets each commit touched for the roll-up job; absent = no roll-ups. */
    private readonly rollupNotes: RollupNotes | undefined,
  ) {}

  static async open(connection: DuckDBConnection, layouts: ReadonlyMap<DeviceKind, TableLayout>, rollupNotes?: RollupNotes): Promise<GroupCommitWriter> {
    const writer = new GroupCommitWriter(connection, layouts, rollupNotes);
    for (const kind of layouts.keys()) {
      await writer.reshape(kind);
      await writer.#newest.load(connection, kind);
    }
    return writer;
  }

  /**
   * Runs `work` between commits: it starts once the commit under way has ended, and no commit
   * starts until it is done (appends meanwhile wait and join the next commit). For schema changes
   * on the write connection, and for the roll-up job taking the notes. One at a time.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.#exclusiveWork !== undefined) await this.#exclusiveWork;
    let done = () => {};
    this.#exclusiveWork = new Promise<void>((resolve) => (done = resolve));
    try {
      await this.#committing;
      return await work();
    } finally {
      this.#exclusiveWork = undefined;
      done();
    }
  }

  /**
   * A kind's staging table, upsert and appender for its layout as it is now (at open, and inside
   * `exclusive` after its table changed).
   */
  async reshape(kind: DeviceKind): Promise<void> {
    const layout = this.layouts.get(kind);
    if (layout === undefined) throw new Error(`no table for device kind ${kind}`);
    for (const appenders of [this.#appenders, this.#tableAppenders]) {
      appenders.get(kind)?.closeSync();
      appenders.delete(kind);
    }
    await this.connection.run(stagingDdl(kind));
    this.#statements.set(kind, { upsert: upsertFromStaging(kind, layout), clear: clearStaging(kind) });
    await this.#openAppenders([kind]);
  }

  get committedRows(): number {
    return this.#committedRows;
  }

  get commits(): number {
    return this.#commits;
  }

  /** Set from a failed commit until the next one succeeds: what failed, and how many commits in a row. */
  get failing(): CommitFailure | undefined {
    return this.#failing;
  }

  /** Readings committed through the upsert (they came at or before their device's newest stored one). */
  get upsertedRows(): number {
    return this.#upsertedRows;
  }

  /** Resolves once the readings are committed (durable); rejects if the commit failed (nothing stored). */
  append(readings: readonly Reading[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ readings, resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Waits until everything appended so far is committed. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  close(): void {
    for (const appenders of [this.#appenders, this.#tableAppenders]) {
      for (const appender of appenders.values()) appender.closeSync();
      appenders.clear();
    }
    this.rollupNotes?.close();
  }

  async #drain(): Promise<void> {
    // Let the I/O already queued on the event loop (other clients' publishes) join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#pending.length > 0) {
        if (this.#exclusiveWork !== undefined) {
          await this.#exclusiveWork;
          continue;
        }
        this.#committing = this.#commitPending();
        await this.#committing;
        this.#committing = undefined;
      }
    } finally {
      this.#running = undefined;
    }
  }

  async #commitPending(): Promise<void> {
    const startedMs = performance.now();
    const begun = await failureOf(() => this.connection.run('BEGIN TRANSACTION'));
    // Taken after BEGIN so that appends arriving while it ran join this commit (or fail with it).
    const batch = this.#pending;
    this.#pending = [];
    if (begun !== undefined) return this.#fail(batch, begun);
    let rows = 0;
    for (const { readings } of batch) rows += readings.length;
    const byKind = onePerDeviceAndTime(batch.map((item) => item.readings));
    let upserted = await this.#writeInTransaction(byKind, true);
    if (upserted instanceof Error) {
      await this.#abandon();
      // A straight append met a stored row after all (nothing should write the tables but this
      // writer): read the newest times again and put the whole batch through the upsert, once.
      upserted = (await this.#readNewestAndBegin(byKind.keys())) ?? (await this.#writeInTransaction(byKind, false));
      if (upserted instanceof Error) return this.#fail(batch, upserted);
    }
    for (const [kind, readings] of byKind) this.#newest.committed(kind, readings);
    this.#committedRows += rows;
    this.#upsertedRows += upserted;
    this.#commits++;
    this.onCommitted?.((performance.now() - startedMs) / 1000, rows);
    this.rollupNotes?.committed();
    if (this.#failing !== undefined) {
      this.#failing = undefined;
      this.onFailingChanged?.(undefined);
    }
    for (const item of batch) item.resolve();
  }

  /** Before a retry: the newest times read again and a new transaction; what failed, if anything did. */
  #readNewestAndBegin(kinds: Iterable<DeviceKind>): Promise<Error | undefined> {
    return failureOf(async () => {
      for (const kind of kinds) await this.#newest.load(this.connection, kind);
      await this.connection.run('BEGIN TRANSACTION');
    });
  }

  /**
   * A commit that failed: whatever transaction is open is rolled back (a BEGIN fails when one was
   * left open, and would fail for every later commit too), and its appends reject with the failure.
   */
  async #fail(batch: readonly PendingAppend[], failure: Error): Promise<void> {
    const first = this.#failing === undefined;
    this.#failing = { message: failure.message, commitsInARow: (this.#failing?.commitsInARow ?? 0) + 1 };
    if (first) this.onFailingChanged?.(this.#failing);
    try {
      await this.#abandon();
    } catch {
      // The connection itself failed (no appender opens on it): the appends reject with what
      // failed first, and every later commit fails at its BEGIN and rejects its appends the same way.
    } finally {
      for (const item of batch) item.reject(failure);
    }
  }

  /**
   * Writes a commit's readings and commits: once committed, how many of them went through the
   * upsert; else what failed (nothing is committed then).
   */
  async #writeInTransaction(byKind: ReadonlyMap<DeviceKind, readonly Reading[]>, appendFresh: boolean): Promise<number | Error> {
    let upserted = 0;
    try {
      for (const [kind, readings] of byKind) {
        const appender = this.#appenders.get(kind);
        const tableAppender = this.#tableAppenders.get(kind);
        const layout = this.layouts.get(kind);
        const statements = this.#statements.get(kind);
        if (appender === undefined || tableAppender === undefined || layout === undefined || statements === undefined) throw new Error(`no table for device kind ${kind}`);
        const { fresh, late } = appendFresh ? this.#newest.split(kind, readings) : { fresh: [], late: readings };
        if (fresh.length > 0) {
          for (const reading of fresh) appendRow(tableAppender, layout, reading);
          tableAppender.flushSync();
        }
        if (late.length > 0) {
          for (const reading of late) appendRow(appender, layout, reading);
          appender.flushSync();
          await this.connection.run(statements.upsert);
          await this.connection.run(statements.clear);
          upserted += late.length;
        }
        this.rollupNotes?.record(kind, readings);
      }
      this.rollupNotes?.flush();
      await this.connection.run('COMMIT');
      return upserted;
    } catch (error) {
      return asError(error);
    }
  }

  async #openAppenders(kinds: Iterable<DeviceKind> = this.layouts.keys()): Promise<void> {
    for (const kind of kinds) {
      const { table, schema, catalog } = stagingTable(kind);
      this.#appenders.set(kind, await this.connection.createAppender(table, schema, catalog));
      this.#tableAppenders.set(kind, await this.connection.createAppender(tableName(kind)));
    }
  }

  /** After a failed commit: drop appenders (they may hold half a row), roll back (staged rows too). */
  async #abandon(): Promise<void> {
    for (const appenders of [this.#appenders, this.#tableAppenders]) {
      for (const appender of appenders.values()) {
        try {
          appender.closeSync();
        } catch {
          // The appender is already broken; closing it is best effort.
        }
      }
      appenders.clear();
    }
    this.rollupNotes?.close(); // before the rollback, so what it held goes with the transaction
    try {
      await this.connection.run('ROLLBACK');
    } catch {
      // No transaction left to roll back.
    }
    await this.#openAppenders();
    await this.rollupNotes?.reopen();
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** What `work` failed with, or undefined once it succeeded. */
async function failureOf(work: () => Promise<unknown>): Promise<Error | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    return asError(error);
  }
}
