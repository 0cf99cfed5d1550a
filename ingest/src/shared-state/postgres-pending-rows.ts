import type { PendingDevice } from '@kendali/contracts';
import { recordKnock, rowToPending, rowToPendingDevice, type PendingRow, type PendingRows } from '../registry/pending-rows';
import type { SharedDatabase } from './shared-database';

const parameters = { id: '$1', at: '$2', address: '$3' } as const;

/** The discovery list in the shared PostgreSQL database. */
export class PostgresPendingRows implements PendingRows {
  constructor(private readonly database: SharedDatabase) {}

  async all(): Promise<PendingRow[]> {
    return (await this.database.pool.query('SELECT * FROM pending_devices')).rows.map(rowToPending);
  }

  async one(id: string): Promise<PendingRow | undefined> {
    const row = (await this.database.pool.query('SELECT * FROM pending_devices WHERE id = $1', [id])).rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToPending(row);
  }

  async record(id: string, atMs: number, remoteAddress: string): Promise<PendingDevice> {
    const { rows } = await this.database.pool.query(recordKnock((name) => parameters[name]), [id, atMs, remoteAddress]);
    return rowToPendingDevice(rows[0] as Record<string, unknown>);
  }

  async approve(id: string, atMs: number): Promise<void> {
    await this.database.pool.query('UPDATE pending_devices SET approved_at = $2 WHERE id = $1', [id, atMs]);
  }

  async remove(id: string): Promise<void> {
    await this.database.pool.query('DELETE FROM pending_devices WHERE id = $1', [id]);
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
