import type { Alarm, AlarmSeverity, DeviceKindSpec, Reading } from '@kendali/contracts';
import { isStale, severityRank } from '@kendali/contracts';
import type { Messages } from '../i18n/messages';
import type { MarkerState } from './status-look';
import { severityLabel } from './status-labels';
import { isShelved } from '../telemetry/live-alarms';
import type { DeviceCondition } from '../telemetry/live-state';

/** The worst open alarm of each device; shelved alarms stay out until their time is up. */
export function worstAlarmByDevice(alarms: Iterable<Alarm>, now: number): Map<string, AlarmSeverity> {
  const worst = new Map<string, AlarmSeverity>();
  for (const alarm of alarms) {
    if (alarm.deviceId === null || isShelved(alarm, now)) continue;
    const current = worst.get(alarm.deviceId);
    if (current === undefined || severityRank[alarm.severity] < severityRank[current]) worst.set(alarm.deviceId, alarm.severity);
  }
  return worst;
}

/**
 * What a device's marker says: an open alarm beats everything, then offline, then a reading too old
 * to be current (stale), then online; a device not heard from yet is unknown. Staleness needs the
 * kind's interval: for a kind the dashboard does not know (`spec` undefined) a reading counts as current.
 */
export function deviceState(spec: Pick<DeviceKindSpec, 'expectedIntervalMs'> | undefined, condition: DeviceCondition | undefined, latest: Reading | undefined, alarm: AlarmSeverity | undefined, now: number): MarkerState {
  if (alarm !== undefined) return alarm;
  if (condition?.state === 'offline') return 'offline';
  if (latest !== undefined && spec !== undefined && isStale(spec, latest.ts, now)) return 'stale';
  if (condition?.state === 'online' || latest !== undefined) return 'online';
  return 'unknown';
}

/** Drawing order of markers: calm ones first, alarms last and worst on top, so nothing hides them. */
export const markerPaintRank: Readonly<Record<MarkerState, number>> = { unknown: 0, online: 1, stale: 2, offline: 3, warning: 4, minor: 5, major: 6, critical: 7 };

/** Whether a marker stands for an open alarm (drawn larger, in the severity's shape). */
export const isAlarmState = (state: MarkerState): state is AlarmSeverity => state in severityRank;

/** A marker's state in words: the alarm's severity, or the device's connection. */
export function deviceStateText(state: MarkerState, t: Messages): string {
  if (isAlarmState(state)) return severityLabel(state, t);
  return { online: t.markerOnline, offline: t.markerOffline, stale: t.markerStale, unknown: t.stateUnknown }[state];
}
