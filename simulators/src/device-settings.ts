import type { DeviceKind, ReportedSettings, SettingsMessage } from '@kendali/contracts';
import type { DeviceControl } from './device-commands';
import { defaultDimmingSchedule, parseDimmingSchedule } from './signals/dimming-schedule';

const maxReportIntervalS = 86_400; // the built-in setting's bound: one day

/** What a simulated device can do about its settings: flat-out load mode has no interval to change. */
export interface SettingsAbilities {
  readonly kind: DeviceKind;
  /** Real ms between readings when no setting or command has changed it. */
  readonly defaultPeriodMs: number;
  readonly canChangeInterval: boolean;
}

/**
 * Applies the desired settings a device knows and can run: `reportIntervalS` (every kind) and a
 * street light's `dimmingSchedule`. Anything else, or a value it cannot run, is left as it is, so
 * the report that follows shows what the device really does and Kendali sees the difference.
 * Returns whether the reporting interval changed.
 */
export function applySettings(message: SettingsMessage, control: DeviceControl, abilities: SettingsAbilities): { readonly intervalChanged: boolean } {
  const { reportIntervalS, dimmingSchedule } = message.settings;
  let intervalChanged = false;
  if (abilities.canChangeInterval && Number.isInteger(reportIntervalS) && (reportIntervalS as number) >= 1 && (reportIntervalS as number) <= maxReportIntervalS) {
    const periodMs = (reportIntervalS as number) * 1000;
    intervalChanged = periodMs !== (control.periodMs ?? abilities.defaultPeriodMs);
    control.periodMs = periodMs;
  }
  if (abilities.kind === 'street-light' && dimmingSchedule !== undefined) {
    const schedule = parseDimmingSchedule(dimmingSchedule);
    if (schedule !== undefined) {
      control.dimmingSchedule = schedule;
      control.dimmingLevel = undefined; // the newest instruction wins over an earlier set-dimming
    }
  }
  control.settingsVersion = message.version;
  return { intervalChanged };
}

/** The settings a device runs with now, as it reports them on `settings/reported`. */
export function reportedSettings(control: DeviceControl, abilities: SettingsAbilities): ReportedSettings {
  const settings: Record<string, unknown> = {};
  // The setting counts whole seconds: a device sending faster (a load run at 20 Hz) has no value of
  // it to report, so it reports none rather than one the setting's schema refuses.
  const intervalS = (control.periodMs ?? abilities.defaultPeriodMs) / 1000;
  if (Number.isInteger(intervalS) && intervalS >= 1 && intervalS <= maxReportIntervalS) settings.reportIntervalS = intervalS;
  if (abilities.kind === 'street-light') settings.dimmingSchedule = control.dimmingSchedule ?? defaultDimmingSchedule;
  return { ...(control.settingsVersion === undefined ? {} : { version: control.settingsVersion }), settings };
}
