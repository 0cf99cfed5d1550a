import { defaultSettingsDriftAfterMs, settingsDriftRuleId, type AlarmRulesDocument, type SettingsDriftRule } from '@kendali/contracts';

/** The generic settings-drift rule: a device whose reported settings differ from the desired ones for `driftAfterMs`. */
export const settingsDriftRule = (driftAfterMs: number): SettingsDriftRule => ({
  id: settingsDriftRuleId,
  name: 'Settings not applied',
  type: 'settings-drift',
  enabled: true,
  scope: {},
  minDurationMs: driftAfterMs,
  severity: 'minor',
});

/**
 * The rules a new installation starts with (version 0): those that watch every device whatever its
 * kind. Each kind's own rules come with its profile (`contracts/profiles/<kind>.json`); a rule of
 * this document with the same id replaces a profile's. Engineers change the document through
 * `PUT /api/alarm-rules`, which stores every version. `settingsDriftAfterMs` is the drift bound
 * (the platform's `KENDALI_SETTINGS_DRIFT_AFTER`).
 */
export const defaultAlarmRules = (settingsDriftAfterMs = defaultSettingsDriftAfterMs): AlarmRulesDocument => ({
  version: 0,
  rules: [
    { id: 'device-offline', name: 'Device offline', type: 'offline', enabled: true, scope: {}, minDurationMs: 20_000, severity: 'minor', groupDistrictRatio: 0.5, groupMinDevices: 5 },
    { id: 'out-of-range', name: 'Value outside physical range', type: 'out-of-range', enabled: true, scope: {}, minDurationMs: 0, severity: 'minor', maxSkewMs: 0 },
    { id: 'clock-skew', name: 'Device clock ahead', type: 'clock-skew', enabled: true, scope: {}, minDurationMs: 0, severity: 'warning', maxSkewMs: 60_000 },
    settingsDriftRule(settingsDriftAfterMs),
  ],
});
