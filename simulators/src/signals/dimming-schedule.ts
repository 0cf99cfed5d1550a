/**
 * A street light's dimming schedule, as the street-light profile's `dimmingSchedule` setting has it:
 * from each `from` (HH:MM, the city's local time) the lamp runs at `level` until the next entry; the
 * last entry runs past midnight into the first.
 */
export interface DimmingStep {
  readonly from: string;
  /** 0 = off, 1 = full. */
  readonly level: number;
}

const hhmm = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const maxSteps = 8;

/** What a lamp runs with until it is told otherwise: full, dimmed to 0.6 from 23:00 to 04:30 while the streets are empty. */
export const defaultDimmingSchedule: readonly DimmingStep[] = [
  { from: '04:30', level: 1 },
  { from: '23:00', level: 0.6 },
];

/** The schedule in `value`, or undefined when it is not one a lamp controller can run (the setting's JSON Schema). */
export function parseDimmingSchedule(value: unknown): readonly DimmingStep[] | undefined {
  if (!Array.isArray(value) || value.length < 1 || value.length > maxSteps) return undefined;
  const steps: DimmingStep[] = [];
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    const { from, level, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || typeof from !== 'string' || !hhmm.test(from)) return undefined;
    if (typeof level !== 'number' || !(level >= 0 && level <= 1)) return undefined;
    steps.push({ from, level });
  }
  return steps;
}

const minuteOfDay = (from: string): number => Number(from.slice(0, 2)) * 60 + Number(from.slice(3, 5));

/** The level the schedule sets at `hour` of the city's day (a fraction in [0, 24), e.g. 18.5 for 18:30). */
export function scheduledLevel(schedule: readonly DimmingStep[], hour: number): number {
  const minute = hour * 60;
  const byTime = [...schedule].sort((a, b) => minuteOfDay(a.from) - minuteOfDay(b.from));
  let current = byTime[byTime.length - 1]!; // before the first entry of the day, yesterday's last one still runs
  for (const step of byTime) if (minuteOfDay(step.from) <= minute) current = step;
  return current.level;
}
