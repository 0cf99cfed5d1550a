import type { Alarm, AlarmEvent, AlarmRuleVersion, AlarmRulesDocument, AlarmSeverity, AlarmState, AlarmType } from '@kendali/contracts';

export interface AlarmQuery {
  readonly states?: readonly AlarmState[];
  readonly severity?: AlarmSeverity;
  readonly district?: string;
  readonly deviceId?: string;
  /** Alarms changed at or after this time, ms epoch. */
  readonly sinceMs?: number;
  readonly limit: number;
}

export interface AlarmEventQuery {
  readonly alarmId?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly limit: number;
}

/**
 * What writing an alarm's change came to: `written`, or `conflict` when the stored alarm is no
 * longer the one the change was made from (another node changed it first); `current` is what is
 * stored now, to make the change again from.
 */
export type RecordOutcome = { readonly written: true; readonly seq?: number } | { readonly written: false; readonly current: Alarm | undefined };

/**
 * Where alarms, their audit trail and the rule versions are kept: the embedded database file of a
 * single node, or PostgreSQL shared by several. One conformance suite runs on both.
 */
export interface AlarmRows {
  openAlarms(): Promise<Alarm[]>;
  query(query: AlarmQuery): Promise<Alarm[]>;
  get(id: string): Promise<Alarm | undefined>;
  events(query: AlarmEventQuery): Promise<AlarmEvent[]>;
  /**
   * Persists an alarm's new state together with the audit line that explains it. With `from`, only
   * if the stored alarm is still that one (`sameRevision`): an acknowledgement racing a clear on
   * another node is then made again from what won, never written over it.
   */
  record(alarm: Alarm, event: AlarmEvent, from?: Alarm): Promise<RecordOutcome>;
  latestRules(): Promise<(AlarmRulesDocument & { at: number; by: string }) | undefined>;
  ruleVersions(): Promise<AlarmRuleVersion[]>;
  /** Stores a new rule version; false when that version number is taken (another node saved one first). */
  saveRules(document: AlarmRulesDocument, by: string, atMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export const alarmColumns = `id, key, rule_id, type, severity, state, device_id, district, title_id, title_en, detail_id, detail_en, value, threshold,
  raised_at, updated_at, acknowledged_at, acknowledged_by, ack_comment, cleared_at, raise_count, shelved_until, shelved_by, shelve_reason`;

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
export const str = (value: unknown) => (value === null || value === undefined ? null : String(value));

export function rowToAlarm(row: Record<string, unknown>): Alarm {
  return {
    id: String(row.id),
    key: String(row.key),
    ruleId: String(row.rule_id),
    type: String(row.type) as AlarmType,
    severity: String(row.severity) as AlarmSeverity,
    state: String(row.state) as AlarmState,
    deviceId: str(row.device_id),
    district: str(row.district),
    title: { id: String(row.title_id), en: String(row.title_en) },
    detail: { id: String(row.detail_id), en: String(row.detail_en) },
    value: num(row.value),
    threshold: num(row.threshold),
    raisedAt: Number(row.raised_at),
    updatedAt: Number(row.updated_at),
    acknowledgedAt: num(row.acknowledged_at),
    acknowledgedBy: str(row.acknowledged_by),
    ackComment: str(row.ack_comment),
    clearedAt: num(row.cleared_at),
    raiseCount: Number(row.raise_count),
    shelvedUntil: num(row.shelved_until),
    shelvedBy: str(row.shelved_by),
    shelveReason: str(row.shelve_reason),
  };
}

/** The alarm's columns in `alarmColumns` order, for an INSERT. */
export function alarmValues(alarm: Alarm): unknown[] {
  return [
    alarm.id, alarm.key, alarm.ruleId, alarm.type, alarm.severity, alarm.state, alarm.deviceId, alarm.district,
    alarm.title.id, alarm.title.en, alarm.detail.id, alarm.detail.en, alarm.value, alarm.threshold,
    alarm.raisedAt, alarm.updatedAt, alarm.acknowledgedAt, alarm.acknowledgedBy, alarm.ackComment, alarm.clearedAt,
    alarm.raiseCount, alarm.shelvedUntil, alarm.shelvedBy, alarm.shelveReason,
  ];
}

/**
 * Whether two copies of an alarm are the same revision: every field a transition writes, but the
 * latest value and detail, which the engine refreshes in memory without an audit line.
 */
export function sameRevision(a: Alarm, b: Alarm): boolean {
  return (
    a.id === b.id &&
    a.state === b.state &&
    a.severity === b.severity &&
    a.updatedAt === b.updatedAt &&
    a.raiseCount === b.raiseCount &&
    a.acknowledgedAt === b.acknowledgedAt &&
    a.acknowledgedBy === b.acknowledgedBy &&
    a.ackComment === b.ackComment &&
    a.clearedAt === b.clearedAt &&
    a.shelvedUntil === b.shelvedUntil &&
    a.shelvedBy === b.shelvedBy &&
    a.shelveReason === b.shelveReason
  );
}
