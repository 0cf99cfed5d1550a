import type { DuckDBInstance } from '@duckdb/node-api';
import type { Clock, PendingDevice } from '@kendali/contracts';
import { followTable, KeyedWrites } from '../shared-state/followed-table';
import type { ChangeFeed } from '../shared-state/shared-database';
import { DuckDbPendingRows, type PendingRow, type PendingRows } from './pending-rows';

/**
 * The discovery list, persisted so a restart does not forget who knocked. An approved device stays
 * here, off the list, until it first connects with its own secret: if it was offline when approved
 * (and so never got its secret), it may knock again with the provisioning key and be handed one.
 * With PostgreSQL shared by several nodes, every node sees the same list (`changes`).
 */
export class PendingDevices {
  readonly #pending = new Map<string, PendingDevice>();
  /** Approved devices that have not yet connected with their own secret, by id: when approved (ms epoch). */
  readonly #unclaimed = new Map<string, number>();
  readonly #writes = new KeyedWrites();

  private constructor(
    private readonly rows: PendingRows,
    private readonly clock: Clock,
  ) {}

  /** `clock` stamps when a device was first and last seen. */
  static async open(instance: DuckDBInstance, clock: Clock): Promise<PendingDevices> {
    return PendingDevices.over(await DuckDbPendingRows.open(instance), clock);
  }

  /** The list in `rows`; `changes` tells of knocks, approvals and removals on other nodes. */
  static async over(rows: PendingRows, clock: Clock, changes?: ChangeFeed): Promise<PendingDevices> {
    const pending = new PendingDevices(rows, clock);
    await followTable(
      changes,
      'pending_devices',
      async () => {
        const all = await rows.all();
        pending.#pending.clear();
        pending.#unclaimed.clear();
        for (const row of all) pending.#remember(row.state === 'pending' ? row.device.id : row.id, row);
      },
      async (id) => {
        const read = await pending.#writes.read(id, () => rows.one(id));
        if (read !== null) pending.#remember(id, read.row);
      },
    );
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
    const entry = await this.#writes.write(id, () => this.rows.record(id, this.clock.now(), remoteAddress));
    this.#pending.set(id, entry);
    return entry;
  }

  /** Takes an approved device off the list; it awaits its first connection with its own secret. */
  async approve(id: string): Promise<void> {
    const nowMs = this.clock.now();
    await this.#writes.write(id, () => this.rows.approve(id, nowMs));
    this.#remember(id, { state: 'approved', id, approvedAt: nowMs });
  }

  /** Whether the device was approved and has not yet connected with its own secret. */
  awaitsClaim(id: string): boolean {
    return this.#unclaimed.has(id);
  }

  /** The device connected with its own secret: the provisioning key no longer works for it. */
  async claim(id: string): Promise<void> {
    if (!this.#unclaimed.has(id)) return;
    this.#unclaimed.delete(id);
    await this.#writes.write(id, () => this.rows.remove(id));
  }

  async remove(id: string): Promise<boolean> {
    if (!this.#pending.has(id)) return false;
    await this.#writes.write(id, () => this.rows.remove(id));
    this.#pending.delete(id);
    return true;
  }

  /** Waits for the writes under way, then closes the connection. */
  async close(): Promise<void> {
    await this.rows.close();
  }

  #remember(id: string, row: PendingRow | undefined): void {
    this.#pending.delete(id);
    this.#unclaimed.delete(id);
    if (row?.state === 'pending') this.#pending.set(id, row.device);
    else if (row?.state === 'approved') this.#unclaimed.set(id, row.approvedAt);
  }
}
