/** Alarms: what the control room must notice, and what operators did about it. */
export const alarmSeverities = ['critical', 'major', 'minor', 'warning'] as const;
export type AlarmSeverity = (typeof alarmSeverities)[number];

/** Worst first: sorting by this puts the most urgent alarm on top. */
export const severityRank: Readonly<Record<AlarmSeverity, number>> = { critical: 0, major: 1, minor: 2, warning: 3 };

/**
 * active: the condition holds and nobody acknowledged it yet; acknowledged: it holds and an operator
 * took it; cleared: the condition is gone (the alarm is closed, acknowledged or not).
 */
export const alarmStates = ['active', 'acknowledged', 'cleared'] as const;
export type AlarmState = (typeof alarmStates)[number];

export const alarmTypes = [
  'threshold',
  'state',
  'ispu',
  'siaga',
  'water-rising',
  'offline',
  'district-offline',
  'stuck',
  'out-of-range',
  'clock-skew',
  'street-light-schedule',
  'congestion',
  'settings-drift',
] as const;
export type AlarmType = (typeof alarmTypes)[number];

export const alarmEventTypes = ['raised', 're-raised', 'severity-changed', 'acknowledged', 'shelved', 'unshelved', 'cleared'] as const;
export type AlarmEventType = (typeof alarmEventTypes)[number];

/** MQTT topic where alarm changes are published for other systems (`kendali/v1/alarms/{id}`). */
export const alarmTopicPrefix = 'kendali/v1/alarms';
