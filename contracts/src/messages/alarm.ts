import { Type, type Static } from 'typebox';
import { alarmEventTypes, alarmSeverities, alarmStates, alarmTypes } from '../alarms';
import { Counts, List, Message, Nullable, StringEnum } from './schema-builders';

/** A text in both languages of the wall. */
export const LocalizedTextSchema = Message({ id: Type.String(), en: Type.String() });
export type LocalizedText = Static<typeof LocalizedTextSchema>;

export const AlarmSchema = Message({
  id: Type.String(),
  /** rule + subject: one alarm per key at a time; a new raise of the same key counts instead of duplicating. */
  key: Type.String(),
  ruleId: Type.String(),
  type: StringEnum(alarmTypes),
  severity: StringEnum(alarmSeverities),
  state: StringEnum(alarmStates),
  deviceId: Nullable(Type.String()),
  district: Nullable(Type.String()),
  title: LocalizedTextSchema,
  detail: LocalizedTextSchema,
  /** The value that raised or last updated it, and the limit it crossed, where they are numbers. */
  value: Nullable(Type.Number()),
  threshold: Nullable(Type.Number()),
  /** ms epoch */
  raisedAt: Type.Number(),
  updatedAt: Type.Number(),
  acknowledgedAt: Nullable(Type.Number()),
  acknowledgedBy: Nullable(Type.String()),
  ackComment: Nullable(Type.String()),
  clearedAt: Nullable(Type.Number()),
  /** How often it was raised (1 + re-raises while open or soon after clearing). */
  raiseCount: Type.Integer(),
  /** Shelved alarms stay out of the active views until this time (ms epoch). */
  shelvedUntil: Nullable(Type.Number()),
  shelvedBy: Nullable(Type.String()),
  shelveReason: Nullable(Type.String()),
});
export type Alarm = Static<typeof AlarmSchema>;

/** One line of an alarm's audit trail. */
export const AlarmEventSchema = Message({
  alarmId: Type.String(),
  type: StringEnum(alarmEventTypes),
  /** ms epoch */
  at: Type.Number(),
  /** Who did it: a token name, or "kendali" for the rules engine. */
  by: Type.String(),
  comment: Nullable(Type.String()),
  severity: StringEnum(alarmSeverities),
});
export type AlarmEvent = Static<typeof AlarmEventSchema>;

/** `GET /api/alarms/:id`: one alarm with its audit trail. */
export const AlarmWithEventsSchema = Message({ alarm: AlarmSchema, events: List(AlarmEventSchema) });
export type AlarmWithEvents = Static<typeof AlarmWithEventsSchema>;

/** Active alarms (not cleared, not shelved) by severity. */
export const AlarmCountsSchema = Counts(alarmSeverities);
export type AlarmCounts = Static<typeof AlarmCountsSchema>;

/** One stored version of the alarm rules: who changed them and when. */
export const AlarmRuleVersionSchema = Message({ version: Type.Integer(), at: Type.Number(), by: Type.String() });
export type AlarmRuleVersion = Static<typeof AlarmRuleVersionSchema>;
