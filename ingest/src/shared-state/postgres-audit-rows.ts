import type { AuditEntry } from '@kendali/contracts';
import { auditColumns, auditConditions, emptyChain, rowToEntry, type AuditLogQuery, type AuditRows, type ChainHead } from '../audit/audit-rows';
import type { SharedDatabase } from './shared-database';

// pg_advisory_xact_lock key: "audt" in ASCII. Every node's append takes it, so appends from several nodes queue into one chain.
const appendLock = 0x61756474;

/** The audit log in the shared PostgreSQL database: one chain, whichever node appends. */
export class PostgresAuditRows implements AuditRows {
  constructor(private readonly database: SharedDatabase) {}

  /**
   * Reads the head and inserts the entry after it in one transaction that holds the advisory lock:
   * a second node's append waits for the commit and then follows this entry. (A row lock cannot
   * serve: there is no row to lock in an empty log, and the head row changes with every append.)
   */
  append(next: (head: ChainHead) => AuditEntry): Promise<AuditEntry> {
    return this.database.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [appendLock]);
      const newest = (await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
      const entry = next(newest === undefined ? emptyChain : { seq: Number(newest.seq), hash: newest.hash });
      await client.query(`INSERT INTO audit_log (${auditColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
        entry.seq,
        entry.at,
        entry.actor,
        entry.role,
        entry.address,
        entry.action,
        entry.target,
        entry.status,
        entry.summary,
        entry.prevHash,
        entry.hash,
      ]);
      return entry;
    });
  }

  async query(query: AuditLogQuery): Promise<AuditEntry[]> {
    const { where, params } = auditConditions(query, (_name, index) => `$${index}`);
    const sql = `SELECT ${auditColumns} FROM audit_log ${where} ORDER BY seq DESC LIMIT $${params.length + 1}`;
    return (await this.database.pool.query(sql, [...params, query.limit])).rows.map(rowToEntry);
  }

  async page(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return (await this.database.pool.query(`SELECT ${auditColumns} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit])).rows.map(rowToEntry);
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
