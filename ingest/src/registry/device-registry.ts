import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { builtInKinds, type City, type Clock, type Device, type DeviceInput, type DeviceWithSecret, type KindLookup } from '@kendali/contracts';
import { generateSecret, hashSecret, verifySecret } from '../auth/secret-hash';
import {
  appendStagedDevice,
  deviceParams,
  devicesDdl,
  rowToDevice,
  selectDevices,
  stagingDdl,
  stagingTable,
  upsertDevice,
  upsertStagedDevices,
  type StoredDevice,
} from './device-rows';
import { IngestError } from '../errors';
import { DistrictNames } from './district-names';
import { SerialWrites } from '../serial-writes';

export type CredentialCheck = 'ok' | 'unknown' | 'disabled' | 'wrong' | 'no-credential';

/**
 * Somewhere else that must know each device's credential, such as an external MQTT broker's
 * account list. Kendali keeps only a hash of a secret, so the plain secret is handed over the one
 * time it exists: when a device is registered or its secret replaced. The registry awaits each
 * call, so a change is in the mirror before the API answers; a mirror reports its own failures
 * and never throws.
 */
export interface CredentialMirror {
  /** New secrets (registration, rotation, hand-over, import), with whether each device may connect. */
  secretsSet(devices: readonly { readonly id: string; readonly secret: string; readonly enabled: boolean }[]): Promise<void>;
  enabledChanged(id: string, enabled: boolean): Promise<void>;
  removed(id: string): Promise<void>;
}

export class RegistryError extends IngestError {
  constructor(
    override readonly code: 'KENDALI_ERR_DEVICE_EXISTS' | 'KENDALI_ERR_DEVICE_NOT_FOUND' | 'KENDALI_ERR_DISTRICT_UNKNOWN' | 'KENDALI_ERR_KIND_UNKNOWN',
    message: string,
  ) {
    super(code, message);
    this.name = 'RegistryError';
  }
}

const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/**
 * The registered devices, persisted in the embedded database and held in memory, because every
 * message and every connect looks its device up (the topic's id is the only identity a message has).
 */
interface RegistryEvents {
  /** A device's old credentials stopped being valid (disabled, deleted or rotated): drop its connections. */
  revoked: [deviceId: string];
  /** A device was deleted from the registry (after `revoked`): what it left open should end. */
  removed: [deviceId: string];
}

export class DeviceRegistry extends EventEmitter<RegistryEvents> {
  readonly #devices = new Map<string, StoredDevice>();
  /** Device ids by district, so district-wide questions (is the whole district offline?) stay cheap. */
  readonly #byDistrict = new Map<string, Set<string>>();
  /** Fingerprints of secrets that verified, so a reconnect storm costs no KDF work. */
  readonly #verified = new Map<string, string>();
  readonly #writes = new SerialWrites();
  #mirror: CredentialMirror | undefined;

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
    /** Where a device may stand: the districts of the room's cities. */
    readonly districts: DistrictNames,
    /** Which kinds a device may be of: those a profile defines. */
    private readonly kinds: KindLookup,
  ) {
    super();
  }

  /**
   * `clock` stamps registrations and credential changes; a new or moved device must stand in a
   * district of `cities` (devices already stored elsewhere stay, so a room that drops a city keeps them).
   */
  static async open(instance: DuckDBInstance, clock: Clock, cities: readonly City[], kinds: KindLookup = builtInKinds): Promise<DeviceRegistry> {
    const connection = await instance.connect();
    for (const statement of devicesDdl) await connection.run(statement);
    const registry = new DeviceRegistry(connection, clock, new DistrictNames(cities), kinds);
    const reader = await connection.runAndReadAll(selectDevices);
    for (const row of reader.getRowObjectsJS()) {
      const stored = rowToDevice(row);
      if (stored) registry.#remember(stored);
    }
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
    const device = this.#merge(id, input, undefined, now);
    await this.#save({ ...device, credentialSetAt: now }, hashSecret(secret));
    await this.#mirror?.secretsSet([{ id, secret, enabled: device.enabled }]);
    return { ...this.get(id)!, secret };
  }

  /** Registers a device or updates it; a new device gets a secret, returned this once. */
  async upsert(id: string, input: DeviceInput): Promise<{ device: Device; created: boolean; secret?: string }> {
    const existing = this.#devices.get(id);
    if (existing === undefined) {
      const { secret, ...device } = await this.create(id, input);
      return { device, created: true, secret };
    }
    // A PUT replaces the description: what it leaves out is cleared, not kept.
    const replacement = { lat: null, lon: null, installDate: null, metadata: {}, ...input };
    await this.#save(this.#merge(id, replacement, existing.device, this.#nowIso()), existing.secretHash);
    await this.#mirrorEnabled(existing.device);
    return { device: this.get(id)!, created: false };
  }

  /** Changes some of a device's facts (absent fields stay). */
  async update(id: string, changes: Partial<DeviceInput>): Promise<Device> {
    const existing = this.#require(id);
    await this.#save(this.#merge(id, { ...existing.device, ...changes }, existing.device, this.#nowIso()), existing.secretHash);
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
    await this.#writes.run(() => this.connection.run('DELETE FROM devices WHERE id = $id', { id }));
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
      if (existing?.secretHash) rows.set(id, { device: this.#merge(id, input, existing.device, now), secretHash: existing.secretHash });
      else {
        const secret = secretFor(id);
        secrets.set(id, secret);
        rows.set(id, { device: { ...this.#merge(id, input, existing?.device, now), credentialSetAt: now }, secretHash: hashSecret(secret) });
      }
    }
    await this.#writes.run(async () => {
      await this.connection.run(stagingDdl);
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const appender = await this.connection.createAppender(stagingTable.table, stagingTable.schema, stagingTable.catalog);
        try {
          for (const row of rows.values()) appendStagedDevice(appender, row.device, row.secretHash);
        } finally {
          appender.closeSync();
        }
        await this.connection.run(upsertStagedDevices);
        await this.connection.run('COMMIT');
      } catch (error) {
        await this.connection.run('ROLLBACK');
        throw error;
      } finally {
        await this.connection.run('DROP TABLE IF EXISTS temp.main.devices_incoming');
      }
    });
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
  async checkCredential(id: string, secret: string | undefined): Promise<CredentialCheck> {
    const stored = this.#devices.get(id);
    if (stored === undefined) return 'unknown';
    if (!stored.device.enabled) return 'disabled';
    if (stored.secretHash === null) return 'no-credential';
    if (secret === undefined || secret === '') return 'wrong';
    const print = fingerprint(secret);
    if (this.#verified.get(id) === print) return 'ok';
    const hash = stored.secretHash;
    if (!(await verifySecret(secret, hash))) return 'wrong';
    // Only remember it if the secret was not rotated while the KDF ran.
    if (this.#devices.get(id)?.secretHash === hash) this.#verified.set(id, print);
    return 'ok';
  }

  close(): void {
    this.connection.closeSync();
  }

  /** Tells the mirror when a change to a device's description enabled or disabled it. */
  async #mirrorEnabled(before: Device): Promise<void> {
    const enabled = this.#devices.get(before.id)?.device.enabled;
    if (enabled !== undefined && enabled !== before.enabled) await this.#mirror?.enabledChanged(before.id, enabled);
  }

  #revoke(id: string): void {
    this.#verified.delete(id);
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

  /** The district's canonical name; a device keeps a district it already has even if no configured city holds it any more. */
  #district(name: string, existing: Device | undefined): string {
    if (existing !== undefined && name === existing.district) return name;
    const canonical = this.districts.canonical(name);
    if (canonical === undefined) throw new RegistryError('KENDALI_ERR_DISTRICT_UNKNOWN', this.districts.unknownMessage(name));
    return canonical;
  }

  #kind(kind: string): string {
    if (this.kinds.spec(kind) === undefined) {
      throw new RegistryError('KENDALI_ERR_KIND_UNKNOWN', `no device profile defines kind "${kind}" (known: ${this.kinds.all().map((spec) => spec.kind).join(', ')}); PUT /api/kinds/${kind} creates one`);
    }
    return kind;
  }

  #merge(id: string, input: DeviceInput, existing: Device | undefined, now: string): Device {
    return {
      id,
      kind: this.#kind(input.kind),
      name: input.name,
      district: this.#district(input.district, existing),
      lat: input.lat === undefined ? (existing?.lat ?? null) : input.lat,
      lon: input.lon === undefined ? (existing?.lon ?? null) : input.lon,
      enabled: input.enabled ?? existing?.enabled ?? true,
      installDate: input.installDate === undefined ? (existing?.installDate ?? null) : input.installDate,
      metadata: input.metadata ?? existing?.metadata ?? {},
      createdAt: existing?.createdAt ?? now,
      credentialSetAt: existing?.credentialSetAt ?? null,
    };
  }

  async #save(device: Device, secretHash: string | null): Promise<void> {
    await this.#writes.run(() => this.connection.run(upsertDevice, deviceParams(device, secretHash)));
    this.#remember({ device, secretHash });
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

  /** One write at a time on the registry's connection (a transaction must not interleave). */
}
