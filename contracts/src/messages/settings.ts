import { Type, type Static } from 'typebox';
import { List, Message, Nullable, StringEnum } from './schema-builders';

/**
 * Settings (desired state). An engineer says what a device should be set to
 * (`PUT /api/devices/{id}/settings`); Kendali keeps it and publishes it retained at QoS1 on
 * `kendali/v1/devices/{id}/settings`, so the device gets it whenever it (re)connects. The device
 * applies what it can and reports what it now runs with on `.../settings/reported`. Where the two
 * differ for longer than the drift bound, the device is in drift: shown in `/devices` and raised as
 * an alarm (`settings-drift`) that clears once the device reports the desired values.
 *
 *   none ─▶ pending ─▶ in-sync
 *             └──(longer than the bound)──▶ drift ─▶ in-sync
 */
export const settingsStates = ['none', 'pending', 'in-sync', 'drift'] as const;
export type SettingsState = (typeof settingsStates)[number];

/** How long desired and reported settings may differ before a device counts as drifting (default). */
export const defaultSettingsDriftAfterMs = 10 * 60_000; // 10 minutes

/** The id of the alarm rule raised for a device in drift. */
export const settingsDriftRuleId = 'settings-drift';

/** Setting values by name; each value is checked against the setting's JSON Schema in the device profile. */
const SettingValues = Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,62}$' }), Type.Unknown(), {
  description: "Setting values by name, each checked against the setting's JSON Schema in the device profile",
  maxProperties: 32,
});

/** `PUT /api/devices/{id}/settings`: the whole desired state (a setting left out is no longer desired). */
export const SettingsRequestSchema = Message({ settings: SettingValues });
export type SettingsRequest = Static<typeof SettingsRequestSchema>;

/** What a device receives, retained, on its settings topic. */
export const SettingsMessageSchema = Message({
  /** Grows by one with every change of the desired settings; a device echoes it in its report. */
  version: Type.Integer({ minimum: 1 }),
  settings: SettingValues,
  /** When the desired settings were set (ms epoch). */
  at: Type.Number(),
});
export type SettingsMessage = Static<typeof SettingsMessageSchema>;

/** What a device publishes on `.../settings/reported`: the values it now runs with. */
export const ReportedSettingsSchema = Message({
  /** The desired version the device applied, when it applied one (versions count from 1; stores keep a 32-bit integer). */
  version: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  settings: SettingValues,
});
export type ReportedSettings = Static<typeof ReportedSettingsSchema>;

/** `GET /api/devices/{id}/settings`: desired and reported settings of one device and whether they agree. */
export const DeviceSettingsSchema = Message({
  deviceId: Type.String(),
  kind: Type.String(),
  state: StringEnum(settingsStates),
  /** The desired settings; empty when none were ever set. */
  desired: SettingValues,
  /** Version of the desired settings, 0 when none were ever set. */
  desiredVersion: Type.Integer({ minimum: 0 }),
  desiredAt: Nullable(Type.Number()),
  /** Who set them: a token name and role. */
  desiredBy: Nullable(Type.String()),
  /** What the device last reported, or null when it never did. */
  reported: Nullable(SettingValues),
  reportedVersion: Nullable(Type.Integer({ minimum: 0 })),
  reportedAt: Nullable(Type.Number()),
  /** Desired settings the device does not (yet) report with the desired value. */
  mismatched: List(Type.String()),
  /** Since when desired and reported have differed (ms epoch), while they do. */
  differentSince: Nullable(Type.Number()),
});
export type DeviceSettings = Static<typeof DeviceSettingsSchema>;

/** `GET /api/settings`: devices with settings, optionally only those in one state (e.g. `drift` for /ops). */
export const SettingsQuerySchema = Message({ state: Type.Optional(StringEnum(settingsStates)) });
export type SettingsQuery = Static<typeof SettingsQuerySchema>;
