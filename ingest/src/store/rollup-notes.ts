import { DuckDBTimestampValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { DeviceKind, Reading } from '@kendali/contracts';
import { dirtyTable } from './rollup-tables';

const minuteMs = 60_000;

/**
 * The group commit's side of the roll-ups: it notes which (device, minute) buckets each commit
 * touched, through an appender inside the commit's transaction, so the roll-up job recomputes only
 * those, and a crash keeps the notes exactly when it keeps the readings. A bucket already noted
 * since the job last took the notes is not noted again, so a device reading every second costs one
 * appended row a minute, and a commit no query.
 */
export class RollupNotes {
  #appender: DuckDBAppender | undefined;
  /** Buckets noted since the job last took the notes: `${kind} ${minute} ${deviceId}`. */
  #noted = new Set<string>();

  private constructor(
    private readonly connection: DuckDBConnection,
    /** Called after each commit that noted buckets (the roll-up job's lag starts there). */
    private readonly onCommitted: () => void,
  ) {}

  static async open(connection: DuckDBConnection, onCommitted: () => void): Promise<RollupNotes> {
    const notes = new RollupNotes(connection, onCommitted);
    await notes.reopen();
    return notes;
  }

  /** Notes the buckets of one kind's readings in the commit under way. */
  record(kind: DeviceKind, readings: readonly Reading[]): void {
    const appender = this.#appender;
    if (appender === undefined) throw new Error('roll-up notes are closed');
    for (const reading of readings) {
      const minute = Math.floor(reading.ts / minuteMs) * minuteMs;
      const key = `${kind}\u0000${minute}\u0000${reading.deviceId}`;
      if (this.#noted.has(key)) continue;
      this.#noted.add(key);
      appender.appendVarchar(kind);
      appender.appendVarchar(reading.deviceId);
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(minute) * 1000n));
      appender.endRow();
    }
  }

  /** Before COMMIT: hands the noted rows to the transaction. */
  flush(): void {
    this.#appender?.flushSync();
  }

  committed(): void {
    this.onCommitted();
  }

  /**
   * The job takes the notes now, between two commits (`GroupCommitWriter.exclusive`): from the next
   * commit on, every bucket is noted again.
   */
  forget(): void {
    this.#noted = new Set();
  }

  /** After a failed commit (the rollback dropped the notes): a fresh appender, and nothing counts as noted. */
  async reopen(): Promise<void> {
    this.close();
    this.forget();
    this.#appender = await this.connection.createAppender(dirtyTable);
  }

  close(): void {
    try {
      this.#appender?.closeSync();
    } catch {
      // An appender broken by a failed commit; closing it is best effort.
    }
    this.#appender = undefined;
  }
}
