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
] as const;
export type AlarmType = (typeof alarmTypes)[number];

/** A text in both languages of the wall. */
export interface LocalizedText {
  readonly id: string;
  readonly en: string;
}

export interface Alarm {
  readonly id: string;
  /** rule + subject: one alarm per key at a time; a new raise of the same key counts instead of duplicating. */
  readonly key: string;
  readonly ruleId: string;
  readonly type: AlarmType;
  readonly severity: AlarmSeverity;
  readonly state: AlarmState;
  readonly deviceId: string | null;
  readonly district: string | null;
  readonly title: LocalizedText;
  readonly detail: LocalizedText;
  /** The value that raised or last updated it, and the limit it crossed, where they are numbers. */
  readonly value: number | null;
  readonly threshold: number | null;
  /** ms epoch */
  readonly raisedAt: number;
  readonly updatedAt: number;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
  readonly ackComment: string | null;
  readonly clearedAt: number | null;
  /** How often it was raised (1 + re-raises while open or soon after clearing). */
  readonly raiseCount: number;
  /** Shelved alarms stay out of the active views until this time (ms epoch). */
  readonly shelvedUntil: number | null;
  readonly shelvedBy: string | null;
  readonly shelveReason: string | null;
}

export const alarmEventTypes = ['raised', 're-raised', 'severity-changed', 'acknowledged', 'shelved', 'unshelved', 'cleared'] as const;
export type AlarmEventType = (typeof alarmEventTypes)[number];

/** One line of an alarm's audit trail. */
export interface AlarmEvent {
  readonly alarmId: string;
  readonly type: AlarmEventType;
  /** ms epoch */
  readonly at: number;
  /** Who did it: a token name, or "kendali" for the rules engine. */
  readonly by: string;
  readonly comment: string | null;
  readonly severity: AlarmSeverity;
}

/** Active alarms (not cleared, not shelved) by severity. */
export type AlarmCounts = Readonly<Record<AlarmSeverity, number>>;

/** MQTT topic where alarm changes are published for other systems (`kendali/v1/alarms/{id}`). */
export const alarmTopicPrefix = 'kendali/v1/alarms';
