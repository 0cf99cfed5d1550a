import type { Alarm } from '@kendali/contracts';
import { severityRank } from '@kendali/contracts';

/** Open alarms (active or acknowledged, shelved or not) by id. */
export type OpenAlarms = ReadonlyMap<string, Alarm>;

/**
 * Applies the alarms of a live frame. A snapshot (the first frame of a connection) carries every
 * open alarm and replaces what was known; later frames carry changes, and a cleared alarm leaves.
 */
export function mergeAlarms(open: OpenAlarms, changed: readonly Alarm[], snapshot: boolean): OpenAlarms {
  if (!snapshot && changed.length === 0) return open;
  const next = snapshot ? new Map<string, Alarm>() : new Map(open);
  for (const alarm of changed) {
    if (alarm.state === 'cleared') next.delete(alarm.id);
    else next.set(alarm.id, alarm);
  }
  return next;
}

/** Shelved alarms stay out of the active views until their time is up. */
export function isShelved(alarm: Alarm, now: number): boolean {
  return alarm.shelvedUntil !== null && alarm.shelvedUntil > now;
}

/** Worst first, then the newest: the order of the ticker and the console. */
export function byUrgency(a: Alarm, b: Alarm): number {
  return severityRank[a.severity] - severityRank[b.severity] || b.raisedAt - a.raisedAt;
}

/** Open, unshelved alarms, worst and newest first. */
export function visibleAlarms(open: OpenAlarms, now: number): Alarm[] {
  const list: Alarm[] = [];
  for (const alarm of open.values()) if (!isShelved(alarm, now)) list.push(alarm);
  return list.sort(byUrgency);
}

/** Critical alarms nobody has acknowledged yet: these take over the wall. */
export function takeoverAlarms(open: OpenAlarms, now: number): Alarm[] {
  return visibleAlarms(open, now).filter((alarm) => alarm.severity === 'critical' && alarm.state === 'active');
}

