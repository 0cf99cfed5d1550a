import { severityRank, type Alarm, type HandoverReport, type Shift } from '@kendali/contracts';
import type { AlarmRows } from './alarm-rows';

/** What happened during a shift, and what is still open: the handover sheet. */
export async function handover(store: Pick<AlarmRows, 'events' | 'get'>, open: readonly Alarm[], shift: Shift): Promise<HandoverReport> {
  const events = await store.events({ fromMs: shift.from, toMs: shift.to, limit: 10_000 });
  const titles = new Map<string, Alarm['title']>();
  for (const id of new Set(events.map((e) => e.alarmId))) {
    const alarm = open.find((a) => a.id === id) ?? (await store.get(id));
    if (alarm) titles.set(id, alarm.title);
  }
  const counts = { raised: 0, 're-raised': 0, 'severity-changed': 0, acknowledged: 0, shelved: 0, unshelved: 0, cleared: 0 };
  for (const event of events) counts[event.type]++;
  const stillOpen = [...open].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.raisedAt - b.raisedAt);
  return {
    shift,
    counts,
    events: events.map((event) => ({ ...event, title: titles.get(event.alarmId) ?? null })),
    stillOpen,
    unacknowledged: stillOpen.filter((a) => a.state === 'active').length,
  };
}
