import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { PendingDevice } from '@kendali/contracts';
import { SerialWrites } from '../serial-writes';

/** A device that knocked with the provisioning key: still on the list, or approved (ms epoch) and awaiting its first own connection. */
export type PendingRow = { readonly state: 'pending'; readonly device: PendingDevice } | { readonly state: 'approved'; readonly id: string; readonly approvedAt: number };

/** Where the discovery list is kept: the embedded database, or PostgreSQL shared by several nodes. */
export interface PendingRows {
  all(): Promise<PendingRow[]>;
  one(id: string): Promise<PendingRow | undefined>;
  /** Notes a knock, counting it on top of those any node noted before; the row as it now is. */
  record(id: string, atMs: number, remoteAddress: string): Promise<PendingDevice>;
  approve(id: string, atMs: number): Promise<void>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

export function rowToPending(row: Record<string, unknown>): PendingRow {
  const id = String(row.id);
  if (row.approved_at !== null && row.approved_at !== undefined) return { state: 'approved', id, approvedAt: Number(row.approved_at) };
  return { state: 'pending', device: rowToPendingDevice(row) };
}

export const rowToPendingDevice = (row: Record<string, unknown>): PendingDevice => ({
  id: String(row.id),
  firstSeen: Number(row.first_seen),
  lastSeen: Number(row.last_seen),
  remoteAddress: String(row.remote_address),
  attempts: Number(row.attempts),
});

/**
 * The upsert of a knock, the same in DuckDB and PostgreSQL: the count grows in the database, so
 * knocks noted by two nodes at once both count. Only an unregistered device knocks: one approved,
 * then deleted from the registry, is back on the list.
 */
export const recordKnock = (param: (name: 'id' | 'at' | 'address') => string) =>
  `INSERT INTO pending_devices (id, first_seen, last_seen, remote_address, attempts) VALUES (${param('id')}, ${param('at')}, ${param('at')}, ${param('address')}, 1)
   ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, remote_address = excluded.remote_address, attempts = pending_devices.attempts + 1, approved_at = NULL
   RETURNING id, first_seen, last_seen, remote_address, attempts`;

const ddl = `CREATE TABLE IF NOT EXISTS pending_devices (
  id VARCHAR PRIMARY KEY,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  remote_address VARCHAR NOT NULL,
  attempts INTEGER NOT NULL
)`;
// Files from before approvals were kept lack the column.
const approvedColumn = 'ALTER TABLE pending_devices ADD COLUMN IF NOT EXISTS approved_at BIGINT';

/** The discovery list in the embedded database file, written one after another on one connection. */
export class DuckDbPendingRows implements PendingRows {
  readonly #writes = new SerialWrites();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbPendingRows> {
    const connection = await instance.connect();
    await connection.run(ddl);
    await connection.run(approvedColumn);
    return new DuckDbPendingRows(connection);
  }

  async all(): Promise<PendingRow[]> {
    return (await this.connection.runAndReadAll('SELECT * FROM pending_devices')).getRowObjectsJS().map(rowToPending);
  }

  async one(id: string): Promise<PendingRow | undefined> {
    await this.#writes.settled();
    const row = (await this.connection.runAndReadAll('SELECT * FROM pending_devices WHERE id = $id', { id })).getRowObjectsJS()[0];
    return row === undefined ? undefined : rowToPending(row);
  }

  async record(id: string, atMs: number, remoteAddress: string): Promise<PendingDevice> {
    const written = await this.#writes.run(() => this.connection.runAndReadAll(recordKnock((name) => `$${name}`), { id, at: atMs, address: remoteAddress }));
    return rowToPendingDevice(written.getRowObjectsJS()[0]!);
  }

  async approve(id: string, atMs: number): Promise<void> {
    await this.#writes.run(() => this.connection.run('UPDATE pending_devices SET approved_at = $at WHERE id = $id', { id, at: atMs }));
  }

  async remove(id: string): Promise<void> {
    await this.#writes.run(() => this.connection.run('DELETE FROM pending_devices WHERE id = $id', { id }));
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
