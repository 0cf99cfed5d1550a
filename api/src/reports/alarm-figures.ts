import { alarmSeverities, type AlarmSeverity } from '@kendali/contracts';
import type { AlarmHistory } from '@kendali/ingest';
import type { ReportPeriod } from './report-period';

/** Alarms of one severity raised in the period, and how soon operators acknowledged them. */
export interface SeverityAlarms {
  readonly severity: AlarmSeverity;
  readonly raised: number;
  /** Raised in the period and acknowledged before it ended. */
  readonly acknowledged: number;
  /** Time from raise to acknowledgement, ms; null when none was acknowledged. */
  readonly medianAckMs: number | null;
  /** 90th percentile (nearest rank) of the same. */
  readonly p90AckMs: number | null;
}

/** Audit lines read for one report: a month of a busy room stays far below it. */
const maxEvents = 1_000_000;

/**
 * From the alarms' audit trail: each `raised` line in the period counts under the severity it was
 * raised with; its first `acknowledged` line before the period ends gives the time to acknowledge.
 * Acknowledgements after the period are left out, so a report reads the same whenever it is made.
 */
export async function alarmsBySeverity(period: ReportPeriod, alarmHistory: Pick<AlarmHistory, 'events'>): Promise<SeverityAlarms[]> {
  const events = await alarmHistory.events({ fromMs: period.fromMs, toMs: period.toMs, limit: maxEvents });
  const raisedAt = new Map<string, { at: number; severity: AlarmSeverity }>();
  const ackMs = new Map<AlarmSeverity, number[]>(alarmSeverities.map((severity) => [severity, []]));
  const raisedCount = new Map<AlarmSeverity, number>(alarmSeverities.map((severity) => [severity, 0]));
  for (const event of events) {
    if (event.type === 'raised') {
      raisedAt.set(event.alarmId, { at: event.at, severity: event.severity });
      raisedCount.set(event.severity, (raisedCount.get(event.severity) ?? 0) + 1);
    } else if (event.type === 'acknowledged') {
      const raise = raisedAt.get(event.alarmId);
      if (raise === undefined) continue; // raised before the period, or acknowledged again
      ackMs.get(raise.severity)!.push(event.at - raise.at);
      raisedAt.delete(event.alarmId);
    }
  }
  return alarmSeverities.map((severity) => {
    const durations = ackMs.get(severity)!.sort((a, b) => a - b);
    return { severity, raised: raisedCount.get(severity) ?? 0, acknowledged: durations.length, medianAckMs: median(durations), p90AckMs: nearestRank(durations, 0.9) };
  });
}

/** The middle value of sorted numbers (the mean of the two middle ones for an even count). */
function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The p-quantile of sorted numbers by nearest rank: the smallest value with at least p of them at or below it. */
function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}
