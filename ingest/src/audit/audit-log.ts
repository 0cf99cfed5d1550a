import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { auditGenesisHash, type AuditEntry, type AuditVerification, type Clock } from '@kendali/contracts';
import { SerialWrites } from '../serial-writes';
import { chainBreak, entryHash, type AuditRecord } from './audit-chain';

const ddl = `CREATE TABLE IF NOT EXISTS audit_log (
  seq BIGINT PRIMARY KEY, at_ms BIGINT NOT NULL, actor VARCHAR NOT NULL, role VARCHAR, address VARCHAR NOT NULL,
  action VARCHAR NOT NULL, target VARCHAR, status INTEGER NOT NULL, summary VARCHAR NOT NULL,
  prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)`;

const columns = 'seq, at_ms, actor, role, address, action, target, status, summary, prev_hash, hash';
const verifyPageRows = 5_000; // entries read at a time while verifying: memory stays flat however long the log

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

function rowToEntry(row: Record<string, unknown>): AuditEntry {
  return {
    seq: Number(row.seq),
    at: Number(row.at_ms),
    actor: String(row.actor),
    role: text(row.role),
    address: String(row.address),
    action: String(row.action),
    target: text(row.target),
    status: Number(row.status),
    summary: String(row.summary),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

export interface AuditLogQuery {
  readonly actor?: string;
  readonly target?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly beforeSeq?: number;
  readonly limit: number;
}

/**
 * The audit log in the embedded database: appended one entry at a time, each chained to the one
 * before by its hash, never updated or deleted by Kendali. `verify` walks the whole chain.
 */
export class AuditLog {
  readonly #writes = new SerialWrites();
  #head: { seq: number; hash: string };

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
    head: { seq: number; hash: string },
  ) {
    this.#head = head;
  }

  static async open(instance: DuckDBInstance, clock: Clock): Promise<AuditLog> {
    const connection = await instance.connect();
    await connection.run(ddl);
    const newest = (await connection.runAndReadAll('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).getRowObjectsJS()[0];
    return new AuditLog(connection, clock, newest ? { seq: Number(newest.seq), hash: String(newest.hash) } : { seq: 0, hash: auditGenesisHash });
  }

  /** Records what happened, stamped now and chained to the newest entry; resolves once it is committed. */
  append(record: Omit<AuditRecord, 'at'>): Promise<AuditEntry> {
    return this.#writes.run(async () => {
      const unhashed = { ...record, at: this.clock.now(), seq: this.#head.seq + 1, prevHash: this.#head.hash };
      const entry: AuditEntry = { ...unhashed, hash: entryHash(unhashed) };
      await this.connection.run(`INSERT INTO audit_log (${columns}) VALUES ($seq, $at, $actor, $role, $address, $action, $target, $status, $summary, $prevHash, $hash)`, { ...entry });
      this.#head = { seq: entry.seq, hash: entry.hash };
      return entry;
    });
  }

  /** Entries newest first, by actor, target and time; page with `beforeSeq`. */
  async query(query: AuditLogQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: query.limit };
    const condition = (sql: string, name: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      params[name] = value;
    };
    condition('actor = $actor', 'actor', query.actor);
    condition('target = $target', 'target', query.target);
    condition('at_ms >= $from', 'from', query.fromMs);
    condition('at_ms < $to', 'to', query.toMs);
    condition('seq < $before', 'before', query.beforeSeq);
    await this.#writes.settled();
    const sql = `SELECT ${columns} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $limit`;
    return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJS().map(rowToEntry);
  }

  /** Walks the chain from the first entry, a page at a time, and names the first entry found changed or missing. */
  async verify(): Promise<AuditVerification> {
    await this.#writes.settled();
    let previous = { seq: 0, hash: auditGenesisHash };
    let entries = 0;
    for (;;) {
      const page = (await this.connection.runAndReadAll(`SELECT ${columns} FROM audit_log WHERE seq > $after ORDER BY seq LIMIT ${verifyPageRows}`, { after: previous.seq })).getRowObjectsJS().map(rowToEntry);
      for (const entry of page) {
        const problem = chainBreak(previous, entry);
        if (problem !== null) return { ok: false, entries, head: null, brokenAt: entry.seq === previous.seq + 1 ? entry.seq : previous.seq + 1, problem };
        entries++;
        previous = { seq: entry.seq, hash: entry.hash };
      }
      if (page.length < verifyPageRows) break;
    }
    // The newest entry was read back from the file: one deleted from the end shows as a head behind the one in memory.
    if (previous.seq < this.#head.seq) return { ok: false, entries, head: null, brokenAt: previous.seq + 1, problem: `entries ${previous.seq + 1}-${this.#head.seq} are missing: deleted from the end of the log` };
    return { ok: true, entries, head: entries === 0 ? null : previous, brokenAt: null, problem: null };
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
