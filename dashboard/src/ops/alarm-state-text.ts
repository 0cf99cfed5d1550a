import type { Alarm } from '@kendali/contracts';
import type { Messages } from '../i18n/messages';
import { isShelved } from '../telemetry/live-alarms';

/** An alarm's state in words, with "shelved" when it is out of the active views. */
export function alarmStateText(alarm: Alarm, t: Messages, now: number): string {
  const state = { active: t.alarmStateActive, acknowledged: t.alarmStateAcknowledged, cleared: t.alarmStateCleared }[alarm.state];
  return isShelved(alarm, now) ? `${state} · ${t.alarmShelved}` : state;
}
