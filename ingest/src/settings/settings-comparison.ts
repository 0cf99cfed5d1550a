import { isDeepStrictEqual } from 'node:util';
import type { SettingsState } from '@kendali/contracts';
import type { SettingsRecord, SettingValues } from './settings-store';

/** Desired settings the device does not report with the desired value (deep equality, every desired key). */
export function mismatchedSettings(desired: SettingValues, reported: SettingValues | null): string[] {
  return Object.keys(desired).filter((name) => reported === null || !Object.hasOwn(reported, name) || !isDeepStrictEqual(desired[name], reported[name]));
}

/**
 * Where a device stands: `none` before any desired settings, `in-sync` when the device reports
 * every desired value, `pending` while they have differed for less than `driftAfterMs`, `drift` after.
 */
export function settingsState(record: SettingsRecord, mismatched: readonly string[], driftAfterMs: number, nowMs: number): SettingsState {
  if (record.version === 0) return 'none';
  if (mismatched.length === 0) return 'in-sync';
  return nowMs - (record.differentSince ?? nowMs) >= driftAfterMs ? 'drift' : 'pending';
}
