import { EventEmitter } from 'node:events';
import type { DuckDBInstance } from '@duckdb/node-api';
import { builtInKinds, type City, type Clock, type Device, type DeviceInput, type DeviceWithSecret, type KindLookup } from '@kendali/contracts';
import { generateSecret, hashSecret } from '../auth/secret-hash';
import { followTable, KeyedWrites } from '../shared-state/followed-table';
import type { ChangeFeed } from '../shared-state/shared-database';
import type { DeviceRows, StoredDevice } from './device-rows';
import { DuckDbDeviceRows } from './duckdb-device-rows';
import { DeviceCredentials, type CredentialCheck, type CredentialMirror } from './device-credentials';
import { DeviceDescriptions } from './device-descriptions';
import { DistrictNames } from './district-names';
import { RegistryError } from './registry-error';

interface RegistryEvents {
  /** A device's old credentials stopped being valid (disabled, deleted or rotated): drop its connections. */
  revoked: [deviceId: string];
  /** A device was deleted from the registry (after `revoked`): what it left open should end. */
  removed: [deviceId: string];
}

/**
 * The registered devices, persisted in a database and held in memory, because every message and
 * every connect looks its device up (the topic's id is the only identity a message has). With
 * PostgreSQL shared by several nodes, a change another node makes reaches this cache through the
 * change feed, and fires `revoked` and `removed` here as if it had been made here.
 */
export class DeviceRegistry extends EventEmitter<RegistryEvents> {
  readonly #devices = new Map<string, StoredDevice>();
  /** Device ids by district, so district-wide questions (is the whole district offline?) stay cheap. */
  readonly #byDistrict = new Map<string, Set<string>>();
  readonly #credentials = new DeviceCredentials((id) => this.#devices.get(id));
  readonly #writes = new KeyedWrites();
  #mirror: CredentialMirror | undefined;

  private constructor(
    private readonly rows: DeviceRows,
    private readonly clock: Clock,
    private readonly descriptions: DeviceDescriptions,
  ) {
    super();
  }

  /** Where a device may stand: the districts of the room's cities. */
  get districts(): DistrictNames {
    return this.descriptions.districts;
  }

  /**
   * `clock` stamps registrations and credential changes; a new or moved device must stand in a
   * district of `cities` (devices already stored elsewhere stay, so a room that drops a city keeps them).
   */
  static async open(instance: DuckDBInstance, clock: Clock, cities: readonly City[], kinds: KindLookup = builtInKinds): Promise<DeviceRegistry> {
    return DeviceRegistry.over(await DuckDbDeviceRows.open(instance), clock, cities, kinds);
  }

  /** The devices in `rows`; `changes` tells of those another node registered, changed or deleted. */
  static async over(rows: DeviceRows, clock: Clock, cities: readonly City[], kinds: KindLookup = builtInKinds, changes?: ChangeFeed): Promise<DeviceRegistry> {
    const registry = new DeviceRegistry(rows, clock, new DeviceDescriptions(new DistrictNames(cities), kinds));
    await followTable(changes, 'devices', () => registry.#reloadAll(), (id) => registry.#reloadOne(id));
    return registry;
  }

  /** From now on, every credential change is handed to `mirror` too (external broker mode). */
  mirrorCredentials(mirror: CredentialMirror): void {
    this.#mirror = mirror;
  }

  get(id: string): Device | undefined {
    return this.#devices.get(id)?.device;
  }

  list(): Device[] {
    return [...this.#devices.values()].map((stored) => stored.device).sort((a, b) => a.id.localeCompare(b.id));
  }

  get size(): number {
    return this.#devices.size;
  }

  idsInDistrict(district: string): ReadonlySet<string> {
    return this.#byDistrict.get(district) ?? new Set();
  }

  /** Registers a new device with a fresh secret, returned this once. */
  async create(id: string, input: DeviceInput): Promise<DeviceWithSecret> {
    if (this.#devices.has(id)) throw new RegistryError('KENDALI_ERR_DEVICE_EXISTS', `device "${id}" is already registered`);
    const secret = generateSecret();
    const now = this.#nowIso();
    const device = { ...this.descriptions.describe(id, input, undefined, now), credentialSetAt: now };
    const stored = { device, secretHash: hashSecret(secret) };
    // Another node may register the same id at the same moment: the database keeps the first.
    if (!(await this.#writes.write(id, () => this.rows.insert(stored)))) {
      await this.#reloadOne(id);
      throw new RegistryError('KENDALI_ERR_DEVICE_EXISTS', `device "${id}" is already registered`);
    }
    this.#remember(stored);
    await this.#mirror?.secretsSet([{ id, secret, enabled: device.enabled }]);
    return { ...this.get(id)!, secret };
  }

  /** Registers a device or updates it; a new device gets a secret, returned this once. */
  async upsert(id: string, input: DeviceInput): Promise<{ device: Device; created: boolean; secret?: string }> {
    if (!this.#devices.has(id)) {
      try {
        const { secret, ...device } = await this.create(id, input);
        return { device, created: true, secret };
      } catch (error) {
        // Registered by another node meanwhile: then this PUT updates it, as it would have a moment later.
        if (!(error instanceof RegistryError && error.code === 'KENDALI_ERR_DEVICE_EXISTS' && this.#devices.has(id))) throw error;
      }
    }
    const existing = this.#require(id);
    // A PUT replaces the description: what it leaves out is cleared, not kept.
    const replacement = { lat: null, lon: null, installDate: null, metadata: {}, ...input };
    await this.#save(this.descriptions.describe(id, replacement, existing.device, this.#nowIso()), existing.secretHash);
    await this.#mirrorEnabled(existing.device);
    return { device: this.get(id)!, created: false };
  }

  /** Changes some of a device's facts (absent fields stay). */
  async update(id: string, changes: Partial<DeviceInput>): Promise<Device> {
    const existing = this.#require(id);
    await this.#save(this.descriptions.describe(id, { ...existing.device, ...changes }, existing.device, this.#nowIso()), existing.secretHash);
    await this.#mirrorEnabled(existing.device);
    if (changes.enabled === false) this.#revoke(id);
    return this.get(id)!;
  }

  /** Replaces a device's secret; the old one stops working at once. */
  async rotateSecret(id: string): Promise<string> {
    const existing = this.#require(id);
    const secret = generateSecret();
    await this.#save({ ...existing.device, credentialSetAt: this.#nowIso() }, hashSecret(secret));
    await this.#mirror?.secretsSet([{ id, secret, enabled: existing.device.enabled }]);
    this.#revoke(id);
    return secret;
  }

  /**
   * A new secret for a device that has never connected with its own (approved in discovery mode
   * while offline): unlike `rotateSecret` it closes no connection, because the device has none but
   * the pending session that is to receive this secret.
   */
  async handOverSecret(id: string): Promise<string> {
    const existing = this.#require(id);
    const secret = generateSecret();
    await this.#save({ ...existing.device, credentialSetAt: this.#nowIso() }, hashSecret(secret));
    await this.#mirror?.secretsSet([{ id, secret, enabled: existing.device.enabled }]);
    return secret;
  }

  async remove(id: string): Promise<void> {
    this.#require(id);
    await this.#writes.write(id, () => this.rows.remove(id));
    this.#forget(id);
    await this.#mirror?.removed(id);
    this.#revoke(id);
    this.emit('removed', id);
  }

  /**
   * Registers many devices in one transaction; `secretFor` gives each new device its secret
   * (used for simulated fleets, whose secrets the platform derives). Existing devices keep theirs.
   */
  async provision(devices: readonly (DeviceInput & { id: string })[], secretFor: (id: string) => string): Promise<void> {
    const now = this.#nowIso();
    // Keyed by id: a list naming a device twice registers it once (the last entry wins).
    const rows = new Map<string, StoredDevice>();
    const secrets = new Map<string, string>();
    for (const { id, ...input } of devices) {
      const existing = this.#devices.get(id);
      if (existing?.secretHash) rows.set(id, { device: this.descriptions.describe(id, input, existing.device, now), secretHash: existing.secretHash });
      else {
        const secret = secretFor(id);
        secrets.set(id, secret);
        rows.set(id, { device: { ...this.descriptions.describe(id, input, existing?.device, now), credentialSetAt: now }, secretHash: hashSecret(secret) });
      }
    }
    await this.#writes.writeAll([...rows.keys()], () => this.rows.saveMany([...rows.values()]));
    const before = new Map([...rows.keys()].map((id) => [id, this.#devices.get(id)?.device]));
    for (const row of rows.values()) this.#remember(row);
    if (this.#mirror !== undefined && secrets.size > 0) {
      await this.#mirror.secretsSet([...secrets].map(([id, secret]) => ({ id, secret, enabled: rows.get(id)!.device.enabled })));
    }
    for (const [id, device] of before) if (device !== undefined && !secrets.has(id)) await this.#mirrorEnabled(device);
  }

  /** Creates and updates many devices in one transaction; new devices' secrets are returned this once. */
  async importDevices(rows: readonly (DeviceInput & { id: string })[]): Promise<{ created: { id: string; secret: string }[]; updated: string[] }> {
    const created: { id: string; secret: string }[] = [];
    const updated: string[] = [];
    for (const row of rows) {
      if (this.#devices.has(row.id)) updated.push(row.id);
      else created.push({ id: row.id, secret: generateSecret() });
    }
    const secrets = new Map(created.map((c) => [c.id, c.secret]));
    await this.provision(rows, (id) => secrets.get(id) ?? generateSecret());
    return { created, updated };
  }

  /** Registers many devices, each new one with a random secret nobody learns (they cannot connect until rotated). */
  upsertMany(devices: readonly (DeviceInput & { id: string })[]): Promise<void> {
    return this.provision(devices, () => generateSecret());
  }

  /** Checks a device's MQTT credentials. */
  checkCredential(id: string, secret: string | undefined): Promise<CredentialCheck> {
    return this.#credentials.check(id, secret);
  }

  /** Waits for the writes under way, then closes the connection. */
  async close(): Promise<void> {
    await this.rows.close();
  }

  /** Tells the mirror when a change to a device's description enabled or disabled it. */
  async #mirrorEnabled(before: Device): Promise<void> {
    const enabled = this.#devices.get(before.id)?.device.enabled;
    if (enabled !== undefined && enabled !== before.enabled) await this.#mirror?.enabledChanged(before.id, enabled);
  }

  #revoke(id: string): void {
    this.#credentials.forget(id);
    this.emit('revoked', id);
  }

  #require(id: string): StoredDevice {
    const stored = this.#devices.get(id);
    if (stored === undefined) throw new RegistryError('KENDALI_ERR_DEVICE_NOT_FOUND', `no device with id "${id}" is registered`);
    return stored;
  }

  #nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Writes a change to a registered device; one another node deleted meanwhile stays deleted, and the change is refused as for any unknown id. */
  async #save(device: Device, secretHash: string | null): Promise<void> {
    if (!(await this.#writes.write(device.id, () => this.rows.update({ device, secretHash })))) {
      await this.#reloadOne(device.id);
      throw new RegistryError('KENDALI_ERR_DEVICE_NOT_FOUND', `no device with id "${device.id}" is registered (another node deleted it a moment ago)`);
    }
    this.#remember({ device, secretHash });
  }

  async #reloadAll(): Promise<void> {
    const rows = await this.rows.all();
    const ids = new Set(rows.map((row) => row.device.id));
    for (const id of [...this.#devices.keys()]) if (!ids.has(id)) this.#follow(id, undefined);
    for (const row of rows) this.#follow(row.device.id, row);
  }

  async #reloadOne(id: string): Promise<void> {
    const read = await this.#writes.read(id, () => this.rows.one(id));
    if (read !== null) this.#follow(id, read.row);
  }

  /** A device as the database now holds it, written by any node: its old credentials end as they would had the change been made here. */
  #follow(id: string, now: StoredDevice | undefined): void {
    const before = this.#devices.get(id);
    if (now === undefined) {
      if (before === undefined) return;
      this.#forget(id);
      this.#revoke(id);
      this.emit('removed', id);
      return;
    }
    this.#remember(now);
    if (before !== undefined && (before.secretHash !== now.secretHash || (before.device.enabled && !now.device.enabled))) this.#revoke(id);
  }

  #remember(stored: StoredDevice): void {
    this.#forget(stored.device.id);
    this.#devices.set(stored.device.id, stored);
    let ids = this.#byDistrict.get(stored.device.district);
    if (ids === undefined) this.#byDistrict.set(stored.device.district, (ids = new Set()));
    ids.add(stored.device.id);
  }

  #forget(id: string): void {
    const previous = this.#devices.get(id);
    if (previous) this.#byDistrict.get(previous.device.district)?.delete(id);
    this.#devices.delete(id);
  }
}
