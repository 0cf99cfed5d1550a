export const settingsColumns = 'device_id, desired, version, desired_at, desired_by, reported, reported_version, reported_at, different_since';

export type SettingValues = Record<string, unknown>;

/** One device's desired and reported settings as kept; `version` 0 = never set (the device only reported). */
export interface SettingsRecord {
  readonly deviceId: string;
  readonly desired: SettingValues;
  readonly version: number;
  readonly desiredAt: number | null;
  readonly desiredBy: string | null;
  readonly reported: SettingValues | null;
  readonly reportedVersion: number | null;
  readonly reportedAt: number | null;
  /** Since when desired and reported have differed (ms epoch), while they do. */
  readonly differentSince: number | null;
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const str = (value: unknown) => (value === null || value === undefined ? null : String(value));

export function rowToSettingsRecord(row: Record<string, unknown>): SettingsRecord {
  const reported = str(row.reported);
  return {
    deviceId: String(row.device_id),
    desired: JSON.parse(String(row.desired)) as SettingValues,
    version: Number(row.version),
    desiredAt: num(row.desired_at),
    desiredBy: str(row.desired_by),
    reported: reported === null ? null : (JSON.parse(reported) as SettingValues),
    reportedVersion: num(row.reported_version),
    reportedAt: num(row.reported_at),
    differentSince: num(row.different_since),
  };
}


/**
 * Where devices' settings are kept, one record per device: the embedded file for a node alone,
 * PostgreSQL for nodes that share them (a change made on one node is what every node shows and
 * publishes; a device's report is taken by whichever node the broker hands it to).
 */
export interface SettingsStore {
  /** Every record, by device id. */
  all(): Promise<SettingsRecord[]>;
  get(deviceId: string): Promise<SettingsRecord | undefined>;
  /**
   * Writes `next` of the device's record as it stands and resolves with what was written once
   * committed. `held` is the record the caller holds: the embedded store, whose only writer is this
   * node, takes it as it stands; the shared one reads the stored record under a lock instead, so
   * two nodes changing one device's settings at once never lose either change.
   */
  change(deviceId: string, held: SettingsRecord | undefined, next: (previous: SettingsRecord | undefined) => SettingsRecord): Promise<SettingsRecord>;
  remove(deviceId: string): Promise<void>;
  close(): Promise<void>;
}
