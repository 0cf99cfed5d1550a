import { EventEmitter } from 'node:events';
import { Ajv } from 'ajv';
import {
  ReportedSettingsSchema,
  requireKind,
  type Clock,
  type Device,
  type DeviceSettings,
  type KindLookup,
  type RejectionCode,
  type ReportedSettings,
  type SettingsMessage,
  type SettingsState,
} from '@kendali/contracts';
import { IngestError } from '../errors';
import type { DeviceRegistry } from '../registry/device-registry';
import { followTable, KeyedWrites } from '../shared-state/followed-table';
import type { ChangeFeed } from '../shared-state/shared-database';
import { mismatchedSettings, settingsState } from './settings-comparison';
import type { SettingsRecord, SettingsStore, SettingValues } from './settings-store';
import { SettingValuesCheck } from './setting-values';

/** Publishes a device's desired settings, retained, on its settings topic (wired by the composition root). */
export type SettingsSender = (deviceId: string, message: SettingsMessage) => Promise<void>;

export interface DeviceSettingsOptions {
  readonly clock: Clock;
  readonly kinds: KindLookup;
  readonly registry: Pick<DeviceRegistry, 'get'>;
  /** How long desired and reported may differ before the device is in drift, ms (the drift rule's duration for this device). */
  readonly driftAfterMs: (device: Device) => number;
}

interface DeviceSettingsEvents {
  /** Desired or reported settings of a device changed (after they were recorded, here or on another node). */
  change: [DeviceSettings];
}

const validReport = new Ajv({ strict: false }).compile<ReportedSettings>(ReportedSettingsSchema);
const invalidReport = 'KENDALI_ERR_SETTINGS_REPORT_INVALID' satisfies RejectionCode;
const reportShape = 'send {"version": <the version applied>, "settings": {"<name>": <value>, ...}}';

const never = (deviceId: string): SettingsRecord => ({
  deviceId,
  desired: {},
  version: 0,
  desiredAt: null,
  desiredBy: null,
  reported: null,
  reportedVersion: null,
  reportedAt: null,
  differentSince: null,
});

/**
 * Settings (desired state) of devices: an engineer's desired values, checked against the device's
 * profile, kept and published retained; the values the device reports it applied; and where the
 * two stand (none, pending, in-sync, drift). The desired settings are published again when a
 * sender is attached (at start), so a broker that lost its retained messages gets them back.
 * Nodes that share the store (PostgreSQL) follow each other's changes: a change made on one node is
 * what every node shows, and a report taken by any node counts for all (the alarm leader's drift check among them).
 */
export class Settings extends EventEmitter<DeviceSettingsEvents> {
  readonly #records = new Map<string, SettingsRecord>();
  readonly #check = new SettingValuesCheck();
  readonly #writes = new KeyedWrites();
  #sender: SettingsSender | undefined;

  private constructor(
    private readonly store: SettingsStore,
    private readonly options: DeviceSettingsOptions,
  ) {
    super();
  }

  /** The settings in `store`; `changes` tells of those other nodes changed. */
  static async open(store: SettingsStore, options: DeviceSettingsOptions, changes?: ChangeFeed): Promise<Settings> {
    const settings = new Settings(store, options);
    await followTable(changes, 'device_settings', () => settings.#reloadAll(), (deviceId) => settings.#reloadOne(deviceId));
    return settings;
  }

  /** From now on desired settings go out through `sender`; every device's current ones go out at once. */
  async deliverThrough(sender: SettingsSender): Promise<void> {
    this.#sender = sender;
    await Promise.all([...this.#records.values()].filter((record) => record.version > 0).map((record) => sender(record.deviceId, messageOf(record))));
  }

  /** Every device with settings (desired or reported) as it stands now, by device id, optionally only those in `state`. */
  list(state?: SettingsState): DeviceSettings[] {
    const answers: DeviceSettings[] = [];
    for (const record of this.#records.values()) {
      const device = this.options.registry.get(record.deviceId);
      if (device === undefined) continue;
      const answer = this.#answer(device, record);
      if (state === undefined || answer.state === state) answers.push(answer);
    }
    return answers.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
  }

  /** One device's settings (state `none` when nothing was ever set or reported); undefined for an unknown device. */
  get(deviceId: string): DeviceSettings | undefined {
    const device = this.options.registry.get(deviceId);
    return device === undefined ? undefined : this.#answer(device, this.#records.get(deviceId) ?? never(deviceId));
  }

  /**
   * Replaces the device's desired settings with `settings`, each checked against its profile; stores
   * them with the next version, then publishes them. Refused (nothing changed) for an unknown or
   * disabled device, a setting the kind lacks or a value breaking the setting's schema.
   */
  async put(deviceId: string, settings: SettingValues, by: string): Promise<DeviceSettings> {
    const device = this.options.registry.get(deviceId);
    if (device === undefined) throw new IngestError('KENDALI_ERR_DEVICE_NOT_FOUND', `No device with id "${deviceId}" is registered.`);
    if (!device.enabled) throw new IngestError('KENDALI_ERR_DEVICE_DISABLED', `Device "${deviceId}" is disabled; enable it before changing its settings.`);
    this.#check.check(requireKind(this.options.kinds, device.kind), settings);
    const now = this.options.clock.now();
    const record = await this.#record(device, (previous) => {
      const differs = mismatchedSettings(settings, previous.reported).length > 0;
      // New desired values give the device a fresh bound to apply them in.
      return { ...previous, desired: settings, version: previous.version + 1, desiredAt: now, desiredBy: by, differentSince: differs ? now : null };
    });
    if (this.#sender !== undefined) await this.#sender(deviceId, messageOf(record));
    return this.#answer(device, record);
  }

  /**
   * A device's report on its settings/reported topic. Resolves once recorded, or with the reason
   * it was not (not JSON, or not `{version?, settings}`); the connection is never dropped for it.
   */
  async acceptReport(deviceId: string, payload: Buffer): Promise<{ code: typeof invalidReport; message: string } | null> {
    let report: unknown;
    try {
      report = JSON.parse(payload.toString('utf8'));
    } catch {
      return { code: invalidReport, message: `the settings report is not JSON; ${reportShape}` };
    }
    if (!validReport(report)) {
      const error = validReport.errors?.[0];
      return { code: invalidReport, message: `the settings report ${error ? `${error.instancePath || '/'} ${error.message ?? 'is invalid'}` : 'is invalid'}; ${reportShape}` };
    }
    const device = this.options.registry.get(deviceId);
    if (device === undefined) return { code: invalidReport, message: `device "${deviceId}" is not registered` };
    const now = this.options.clock.now();
    await this.#record(device, (previous) => {
      const differs = mismatchedSettings(previous.desired, report.settings).length > 0;
      return { ...previous, reported: report.settings, reportedVersion: report.version ?? null, reportedAt: now, differentSince: differs ? (previous.differentSince ?? now) : null };
    });
    return null;
  }

  /** Forgets a deleted device's settings. */
  async forget(deviceId: string): Promise<void> {
    if (!this.#records.delete(deviceId)) return;
    await this.#writes.write(deviceId, () => this.store.remove(deviceId));
  }

  /** Records `next` of the device's record as it stands (in the store, when nodes share it). */
  async #record(device: Device, next: (previous: SettingsRecord) => SettingsRecord): Promise<SettingsRecord> {
    const record = await this.#writes.write(device.id, () => this.store.change(device.id, this.#records.get(device.id), (previous) => next(previous ?? never(device.id))));
    this.#hold(record);
    return record;
  }

  #hold(record: SettingsRecord): void {
    this.#records.set(record.deviceId, record);
    const device = this.options.registry.get(record.deviceId);
    if (device !== undefined) this.emit('change', this.#answer(device, record));
  }

  async #reloadAll(): Promise<void> {
    const records = await this.store.all();
    this.#records.clear();
    for (const record of records) this.#hold(record);
  }

  async #reloadOne(deviceId: string): Promise<void> {
    const read = await this.#writes.read(deviceId, () => this.store.get(deviceId));
    if (read === null) return; // this node wrote it meanwhile: that write's own notice reads it again
    if (read.row === undefined) this.#records.delete(deviceId);
    else this.#hold(read.row);
  }

  #answer(device: Device, record: SettingsRecord): DeviceSettings {
    const mismatched = mismatchedSettings(record.desired, record.reported);
    return {
      deviceId: device.id,
      kind: device.kind,
      state: settingsState(record, mismatched, this.options.driftAfterMs(device), this.options.clock.now()),
      desired: record.desired,
      desiredVersion: record.version,
      desiredAt: record.desiredAt,
      desiredBy: record.desiredBy,
      reported: record.reported,
      reportedVersion: record.reportedVersion,
      reportedAt: record.reportedAt,
      mismatched,
      differentSince: record.version === 0 ? null : record.differentSince,
    };
  }
}

const messageOf = (record: SettingsRecord): SettingsMessage => ({ version: record.version, settings: record.desired, at: record.desiredAt ?? 0 });
