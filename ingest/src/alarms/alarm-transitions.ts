import { randomUUID } from 'node:crypto';
import type { Alarm, AlarmEvent, AlarmEventType } from '@kendali/contracts';
import type { Condition } from './condition';

type Active = Extract<Condition, { active: true }>;

export const engineActor = 'kendali';

/** Pure state transitions of an alarm; each returns the new alarm and the audit line. */
export type Transition = { readonly alarm: Alarm; readonly event: AlarmEvent };

const event = (alarm: Alarm, type: AlarmEventType, at: number, by: string, comment: string | null = null): AlarmEvent => ({
  alarmId: alarm.id,
  type,
  at,
  by,
  comment,
  severity: alarm.severity,
});

const fromCondition = (c: Active) => ({
  ruleId: c.ruleId,
  type: c.type,
  severity: c.severity,
  deviceId: c.deviceId,
  district: c.district,
  title: c.title,
  detail: c.detail,
  value: c.value,
  threshold: c.threshold,
});

export function raise(c: Active, at: number): Transition {
  const alarm: Alarm = {
    id: randomUUID(),
    key: c.key,
    ...fromCondition(c),
    state: 'active',
    raisedAt: at,
    updatedAt: at,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackComment: null,
    clearedAt: null,
    raiseCount: 1,
    shelvedUntil: null,
    shelvedBy: null,
    shelveReason: null,
  };
  return { alarm, event: event(alarm, 'raised', at, engineActor) };
}

/** The same trouble again soon after it cleared: the old alarm reopens and counts, no duplicate. */
export function reraise(previous: Alarm, c: Active, at: number): Transition {
  const alarm: Alarm = {
    ...previous,
    ...fromCondition(c),
    state: 'active',
    updatedAt: at,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackComment: null,
    clearedAt: null,
    raiseCount: previous.raiseCount + 1,
  };
  return { alarm, event: event(alarm, 're-raised', at, engineActor) };
}

export function changeSeverity(open: Alarm, c: Active, at: number): Transition {
  const alarm: Alarm = { ...open, ...fromCondition(c), updatedAt: at };
  return { alarm, event: event(alarm, 'severity-changed', at, engineActor, `${open.severity} → ${c.severity}`) };
}

export function clear(open: Alarm, at: number, comment: string | null = null): Transition {
  const alarm: Alarm = { ...open, state: 'cleared', clearedAt: at, updatedAt: at };
  return { alarm, event: event(alarm, 'cleared', at, engineActor, comment) };
}

export function acknowledge(alarm: Alarm, by: string, comment: string | null, at: number): Transition {
  const next: Alarm = {
    ...alarm,
    state: alarm.state === 'cleared' ? 'cleared' : 'acknowledged',
    acknowledgedAt: at,
    acknowledgedBy: by,
    ackComment: comment,
    updatedAt: at,
  };
  return { alarm: next, event: event(next, 'acknowledged', at, by, comment) };
}

export function shelve(alarm: Alarm, by: string, untilMs: number, reason: string, at: number): Transition {
  const next: Alarm = { ...alarm, shelvedUntil: untilMs, shelvedBy: by, shelveReason: reason, updatedAt: at };
  return { alarm: next, event: event(next, 'shelved', at, by, `${reason} (until ${new Date(untilMs).toISOString()})`) };
}

export function unshelve(alarm: Alarm, by: string, at: number): Transition {
  const next: Alarm = { ...alarm, shelvedUntil: null, shelvedBy: null, shelveReason: null, updatedAt: at };
  return { alarm: next, event: event(next, 'unshelved', at, by) };
}
