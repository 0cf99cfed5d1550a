import type { DuckDBInstance } from '@duckdb/node-api';
import type { AuditEntry, AuditVerification, Clock } from '@kendali/contracts';
import { chainBreak, entryHash, type AuditRecord } from './audit-chain';
import { DuckDbAuditRows, emptyChain, type AuditLogQuery, type AuditRows, type ChainHead } from './audit-rows';

export type { AuditLogQuery } from './audit-rows';

const verifyPageRows = 5_000; // entries read at a time while verifying: memory stays flat however long the log

/**
 * The audit log: appended one entry at a time, each chained to the one before by its hash, never
 * updated or deleted by Kendali. `verify` walks the whole chain. Kept in the embedded database, or in
 * PostgreSQL where several nodes append to one chain.
 */
export class AuditLog {
  /** The newest entry this process appended: one deleted from the end of the log shows as a chain that stops before it. */
  #appended: ChainHead = emptyChain;

  private constructor(
    private readonly rows: AuditRows,
    private readonly clock: Clock,
  ) {}

  /** The log in the embedded database file. */
  static async open(instance: DuckDBInstance, clock: Clock): Promise<AuditLog> {
    return AuditLog.over(await DuckDbAuditRows.open(instance), clock);
  }

  static async over(rows: AuditRows, clock: Clock): Promise<AuditLog> {
    const log = new AuditLog(rows, clock);
    log.#appended = (await rows.query({ limit: 1 }))[0] ?? emptyChain;
    return log;
  }

  /** Records what happened, stamped now and chained to the newest entry; resolves once it is committed. */
  async append(record: Omit<AuditRecord, 'at'>): Promise<AuditEntry> {
    const at = this.clock.now();
    const entry = await this.rows.append((head) => {
      const unhashed = { ...record, at, seq: head.seq + 1, prevHash: head.hash };
      return { ...unhashed, hash: entryHash(unhashed) };
    });
    if (entry.seq > this.#appended.seq) this.#appended = { seq: entry.seq, hash: entry.hash };
    return entry;
  }

  /** Entries newest first, by actor, target and time; page with `beforeSeq`. */
  query(query: AuditLogQuery): Promise<AuditEntry[]> {
    return this.rows.query(query);
  }

  /** Walks the chain from the first entry, a page at a time, and names the first entry found changed or missing. */
  async verify(): Promise<AuditVerification> {
    let previous: ChainHead = emptyChain;
    let entries = 0;
    for (;;) {
      const page = await this.rows.page(previous.seq, verifyPageRows);
      for (const entry of page) {
        const problem = chainBreak(previous, entry);
        if (problem !== null) return { ok: false, entries, head: null, brokenAt: entry.seq === previous.seq + 1 ? entry.seq : previous.seq + 1, problem };
        entries++;
        previous = { seq: entry.seq, hash: entry.hash };
      }
      if (page.length < verifyPageRows) break;
    }
    // The newest entry was read back from the database: one deleted from the end shows as a head behind the one this process wrote or saw.
    if (previous.seq < this.#appended.seq) return { ok: false, entries, head: null, brokenAt: previous.seq + 1, problem: `entries ${previous.seq + 1}-${this.#appended.seq} are missing: deleted from the end of the log` };
    return { ok: true, entries, head: entries === 0 ? null : previous, brokenAt: null, problem: null };
  }

  close(): Promise<void> {
    return this.rows.close();
  }
}
