import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Clock, PendingDevice } from '@kendali/contracts';

const ddl = `CREATE TABLE IF NOT EXISTS pending_devices (
  id VARCHAR PRIMARY KEY,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  remote_address VARCHAR NOT NULL,
  attempts INTEGER NOT NULL
)`;
// Files from before approvals were kept lack the column.
const approvedColumn = 'ALTER TABLE pending_devices ADD COLUMN IF NOT EXISTS approved_at BIGINT';

/**
 * The discovery list, persisted so a restart does not forget who knocked. An approved device stays
 * here, off the list, until it first connects with its own secret: if it was offline when approved
 * (and so never got its secret), it may knock again with the provisioning key and be handed one.
 */
export class PendingDevices {
  readonly #pending = new Map<string, PendingDevice>();
  /** Approved devices that have not yet connected with their own secret, by id: when approved (ms epoch). */
  readonly #unclaimed = new Map<string, number>();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
  ) {}

  /** `clock` stamps when a device was first and last seen. */
  static async open(instance: DuckDBInstance, clock: Clock): Promise<PendingDevices> {
    const connection = await instance.connect();
    await connection.run(ddl);
    await connection.run(approvedColumn);
    const pending = new PendingDevices(connection, clock);
    const reader = await connection.runAndReadAll('SELECT * FROM pending_devices');
    for (const row of reader.getRowObjectsJS()) {
      if (row.approved_at !== null && row.approved_at !== undefined) {
        pending.#unclaimed.set(String(row.id), Number(row.approved_at));
        continue;
      }
      pending.#pending.set(String(row.id), {
        id: String(row.id),
        firstSeen: Number(row.first_seen),
        lastSeen: Number(row.last_seen),
        remoteAddress: String(row.remote_address),
        attempts: Number(row.attempts),
      });
    }
    return pending;
  }

  list(): PendingDevice[] {
    return [...this.#pending.values()].sort((a, b) => a.firstSeen - b.firstSeen);
  }

  get(id: string): PendingDevice | undefined {
    return this.#pending.get(id);
  }

  /** Notes a connect by an unknown device that presented the provisioning key. */
  async record(id: string, remoteAddress: string): Promise<PendingDevice> {
    const nowMs = this.clock.now();
    const before = this.#pending.get(id);
    const entry: PendingDevice = { id, firstSeen: before?.firstSeen ?? nowMs, lastSeen: nowMs, remoteAddress, attempts: (before?.attempts ?? 0) + 1 };
    await this.connection.run(
      `INSERT INTO pending_devices (id, first_seen, last_seen, remote_address, attempts) VALUES ($id, $firstSeen, $lastSeen, $remoteAddress, $attempts)
       ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, remote_address = excluded.remote_address, attempts = excluded.attempts`,
      { ...entry },
    );
    this.#pending.set(id, entry);
    return entry;
  }

  /** Takes an approved device off the list; it awaits its first connection with its own secret. */
  async approve(id: string): Promise<void> {
    const nowMs = this.clock.now();
    await this.connection.run('UPDATE pending_devices SET approved_at = $at WHERE id = $id', { id, at: nowMs });
    this.#pending.delete(id);
    this.#unclaimed.set(id, nowMs);
  }

  /** Whether the device was approved and has not yet connected with its own secret. */
  awaitsClaim(id: string): boolean {
    return this.#unclaimed.has(id);
  }

  /** The device connected with its own secret: the provisioning key no longer works for it. */
  async claim(id: string): Promise<void> {
    if (!this.#unclaimed.has(id)) return;
    this.#unclaimed.delete(id);
    await this.connection.run('DELETE FROM pending_devices WHERE id = $id', { id });
  }

  async remove(id: string): Promise<boolean> {
    if (!this.#pending.has(id)) return false;
    await this.connection.run('DELETE FROM pending_devices WHERE id = $id', { id });
    this.#pending.delete(id);
    return true;
  }

  close(): void {
    this.connection.closeSync();
  }
}
