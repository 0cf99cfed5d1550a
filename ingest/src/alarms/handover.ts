import { severityRank, type Alarm, type HandoverReport, type Shift } from '@kendali/contracts';
import type { AlarmStore } from './alarm-store';

const hourMs = 3_600_000;
const wibOffsetMs = 7 * hourMs; // WIB = UTC+7
/** Shift starts in WIB hours (Indonesian control rooms commonly run 07-14, 14-21, 21-07). */
const shiftStartsWib = [7, 14, 21] as const;

/** The shift containing `atMs`. */
export function shiftAt(atMs: number): Shift {
  const wib = atMs + wibOffsetMs;
  const dayStart = Math.floor(wib / (24 * hourMs)) * 24 * hourMs;
  const hour = (wib - dayStart) / hourMs;
  const startHour = hour < 7 ? 21 : ([...shiftStartsWib].reverse().find((h) => hour >= h) ?? 7);
  const startDay = hour < 7 ? dayStart - 24 * hourMs : dayStart;
  const from = startDay + startHour * hourMs - wibOffsetMs;
  const length = startHour === 21 ? 10 : 7;
  const pad = (h: number) => String(h % 24).padStart(2, '0');
  return { name: `${pad(startHour)}:00-${pad(startHour + length)}:00 WIB`, from, to: from + length * hourMs };
}

/** What happened during a shift, and what is still open: the handover sheet. */
export async function handover(store: AlarmStore, open: readonly Alarm[], shift: Shift): Promise<HandoverReport> {
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
