import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Clock, PendingDevice } from '@kendali/contracts';

const ddl = `CREATE TABLE IF NOT EXISTS pending_devices (
  id VARCHAR PRIMARY KEY,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  remote_address VARCHAR NOT NULL,
  attempts INTEGER NOT NULL
)`;

/** The discovery list, persisted so a restart does not forget who knocked. */
export class PendingDevices {
  readonly #pending = new Map<string, PendingDevice>();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
  ) {}

  /** `clock` stamps when a device was first and last seen. */
  static async open(instance: DuckDBInstance, clock: Clock): Promise<PendingDevices> {
    const connection = await instance.connect();
    await connection.run(ddl);
    const pending = new PendingDevices(connection, clock);
    const reader = await connection.runAndReadAll('SELECT * FROM pending_devices');
    for (const row of reader.getRowObjectsJS()) {
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
      `INSERT INTO pending_devices VALUES ($id, $firstSeen, $lastSeen, $remoteAddress, $attempts)
       ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, remote_address = excluded.remote_address, attempts = excluded.attempts`,
      { ...entry },
    );
    this.#pending.set(id, entry);
    return entry;
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
