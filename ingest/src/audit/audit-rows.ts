import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { auditGenesisHash, type AuditEntry } from '@kendali/contracts';
import { SerialWrites } from '../serial-writes';

export interface AuditLogQuery {
  readonly actor?: string;
  readonly target?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly beforeSeq?: number;
  readonly limit: number;
}

/** The newest entry of a chain: what the next one follows. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const emptyChain: ChainHead = Object.freeze({ seq: 0, hash: auditGenesisHash });

/**
 * Where the audit log is kept: the embedded database, or PostgreSQL shared by several nodes. An
 * append reads the head and writes the entry that follows it as one step no other append comes
 * between, whichever node makes it: the log stays one chain.
 */
export interface AuditRows {
  append(next: (head: ChainHead) => AuditEntry): Promise<AuditEntry>;
  /** Newest first, by actor, target and time. */
  query(query: AuditLogQuery): Promise<AuditEntry[]>;
  /** Oldest first, after entry `afterSeq`. */
  page(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

export const auditColumns = 'seq, at_ms, actor, role, address, action, target, status, summary, prev_hash, hash';

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

export function rowToEntry(row: Record<string, unknown>): AuditEntry {
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

/** A query's conditions with `$1`…-style or `$name`-style placeholders, as each database takes them. */
export function auditConditions(query: AuditLogQuery, placeholder: (name: string, index: number) => string): { where: string; params: (string | number)[]; names: string[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const names: string[] = [];
  const condition = (column: string, operator: string, name: string, value: string | number | undefined) => {
    if (value === undefined) return;
    params.push(value);
    names.push(name);
    where.push(`${column} ${operator} ${placeholder(name, params.length)}`);
  };
  condition('actor', '=', 'actor', query.actor);
  condition('target', '=', 'target', query.target);
  condition('at_ms', '>=', 'from', query.fromMs);
  condition('at_ms', '<', 'to', query.toMs);
  condition('seq', '<', 'before', query.beforeSeq);
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params, names };
}

const ddl = `CREATE TABLE IF NOT EXISTS audit_log (
  seq BIGINT PRIMARY KEY, at_ms BIGINT NOT NULL, actor VARCHAR NOT NULL, role VARCHAR, address VARCHAR NOT NULL,
  action VARCHAR NOT NULL, target VARCHAR, status INTEGER NOT NULL, summary VARCHAR NOT NULL,
  prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)`;

/** The audit log in the embedded database file, which one process holds: its head is kept in memory. */
export class DuckDbAuditRows implements AuditRows {
  readonly #writes = new SerialWrites();

  private constructor(
    private readonly connection: DuckDBConnection,
    private head: ChainHead,
  ) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbAuditRows> {
    const connection = await instance.connect();
    await connection.run(ddl);
    const newest = (await connection.runAndReadAll('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).getRowObjectsJS()[0];
    return new DuckDbAuditRows(connection, newest ? { seq: Number(newest.seq), hash: String(newest.hash) } : emptyChain);
  }

  append(next: (head: ChainHead) => AuditEntry): Promise<AuditEntry> {
    return this.#writes.run(async () => {
      const entry = next(this.head);
      await this.connection.run(`INSERT INTO audit_log (${auditColumns}) VALUES ($seq, $at, $actor, $role, $address, $action, $target, $status, $summary, $prevHash, $hash)`, { ...entry });
      this.head = { seq: entry.seq, hash: entry.hash };
      return entry;
    });
  }

  async query(query: AuditLogQuery): Promise<AuditEntry[]> {
    const { where, params, names } = auditConditions(query, (name) => `$${name}`);
    await this.#writes.settled();
    const named = Object.fromEntries([...names.map((name, index) => [name, params[index]!] as const), ['limit', query.limit] as const]);
    return (await this.connection.runAndReadAll(`SELECT ${auditColumns} FROM audit_log ${where} ORDER BY seq DESC LIMIT $limit`, named)).getRowObjectsJS().map(rowToEntry);
  }

  async page(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    await this.#writes.settled();
    return (await this.connection.runAndReadAll(`SELECT ${auditColumns} FROM audit_log WHERE seq > $after ORDER BY seq LIMIT ${limit}`, { after: afterSeq })).getRowObjectsJS().map(rowToEntry);
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
