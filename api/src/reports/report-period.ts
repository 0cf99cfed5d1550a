import { instantOfWallClock, wallClockMs, type ReportPeriodKind } from '@kendali/contracts';

/** One day or one calendar month of the city, midnight to midnight on its clock. */
export interface ReportPeriod {
  readonly kind: ReportPeriodKind;
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month: the report's name and file name. */
  readonly label: string;
  readonly fromMs: number;
  /** Exclusive. */
  readonly toMs: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The period a label names on the zone's clock, or undefined for a date that does not exist (2026-02-30). */
export function periodOf(kind: ReportPeriodKind, label: string, timeZone: string): ReportPeriod | undefined {
  const match = (kind === 'daily' ? /^(\d{4})-(\d{2})-(\d{2})$/ : /^(\d{4})-(\d{2})$/).exec(label);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  const day = kind === 'daily' ? Number(match[3]) : 1;
  const startWall = Date.UTC(year, month, day);
  const start = new Date(startWall);
  // Date.UTC rolls 2026-02-30 over to March: a label that does not round-trip names no day.
  if (year < 1970 || start.getUTCFullYear() !== year || start.getUTCMonth() !== month || start.getUTCDate() !== day) return undefined;
  const endWall = kind === 'daily' ? Date.UTC(year, month, day + 1) : Date.UTC(year, month + 1, 1);
  return { kind, label, fromMs: instantOfWallClock(startWall, timeZone), toMs: instantOfWallClock(endWall, timeZone) };
}

/** The period of this kind that holds an instant, on the zone's clock. */
export function periodAt(kind: ReportPeriodKind, atMs: number, timeZone: string): ReportPeriod {
  const wall = new Date(wallClockMs(atMs, timeZone));
  const month = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}`;
  const label = kind === 'daily' ? `${month}-${pad(wall.getUTCDate())}` : month;
  return periodOf(kind, label, timeZone)!;
}

/** The period just before this one. */
export function previousPeriod(period: ReportPeriod, timeZone: string): ReportPeriod {
  return periodAt(period.kind, period.fromMs - 1, timeZone);
}

/** The newest period of this kind that has ended by an instant. */
export function lastEndedPeriod(kind: ReportPeriodKind, atMs: number, timeZone: string): ReportPeriod {
  return previousPeriod(periodAt(kind, atMs, timeZone), timeZone);
}
