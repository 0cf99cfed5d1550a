import { hashString, mulberry32, uniform } from '../prng';
import { cityDayIndex, cityMidnightMs } from './city-clock';

/** One spell of rain over the city, in simulated time. */
export interface RainSpell {
  readonly startMs: number;
  readonly durationMs: number;
  readonly peakMmPerHour: number;
}

const hourMs = 3_600_000;
/** Rain in the river basins reaches a post over this long and drains over this long (simulated time). */
const riseMs = 1.5 * hourMs;
const recedeMs = 6 * hourMs;
/** A "reference storm" of 40 mm/h for 2 h lifts a river about half way from normal to Siaga 3. */
const referenceStormMm = 40 * 2;
const referenceRiseFraction = 0.5;

/**
 * The rain spells of one day of the city (`dayIndex` on its calendar, in `timeZone`): an afternoon
 * convective storm on about half the days (13:30-18:00 on the city's clock, mostly light, now and
 * then a downpour), and night rain on about one day in five. A pure function of seed and day, so
 * every device and every process sees the same weather.
 */
export function rainSpellsOfDay(seed: number, dayIndex: number, timeZone: string): RainSpell[] {
  const random = mulberry32(hashString(`rain:${seed}:${dayIndex}`));
  const midnightMs = cityMidnightMs(dayIndex, timeZone);
  const spells: RainSpell[] = [];
  if (random() < 0.5) {
    const heaviness = random();
    spells.push({
      startMs: midnightMs + uniform(random, 13.5, 18) * hourMs,
      durationMs: uniform(random, 0.5, 2.5) * hourMs,
      peakMmPerHour: 8 + 72 * heaviness * heaviness,
    });
  }
  if (random() < 0.2) {
    spells.push({ startMs: midnightMs + uniform(random, 0, 5) * hourMs, durationMs: uniform(random, 1, 4) * hourMs, peakMmPerHour: uniform(random, 3, 15) });
  }
  return spells;
}

// Every reading asks about the weather: remember the last few days asked for.
const recentDays = new Map<string, readonly RainSpell[]>();
const recentDaysKept = 64;

/** Spells that can still matter at `atMs`: today's and the two days before (rivers drain for a day). */
function spellsAround(seed: number, atMs: number, timeZone: string): RainSpell[] {
  const today = cityDayIndex(atMs, timeZone);
  return [today - 2, today - 1, today].flatMap((day) => {
    const key = `${seed}:${day}:${timeZone}`;
    let spells = recentDays.get(key);
    if (spells === undefined) {
      spells = rainSpellsOfDay(seed, day, timeZone);
      if (recentDays.size >= recentDaysKept) recentDays.clear();
      recentDays.set(key, spells);
    }
    return spells;
  });
}

/** Rainfall over the city at `atMs`, mm/h (a spell rises and falls like half a sine). */
export function cityRainfallMmPerHour(seed: number, atMs: number, timeZone: string): number {
  let total = 0;
  for (const spell of spellsAround(seed, atMs, timeZone)) {
    const x = (atMs - spell.startMs) / spell.durationMs;
    if (x > 0 && x < 1) total += spell.peakMmPerHour * Math.sin(Math.PI * x);
  }
  return total;
}

/**
 * How far rain has lifted a river at `atMs`, as a fraction of the span from its normal level to
 * Siaga 3, for a post `lagMs` downstream of where the rain falls: the flood wave arrives later at
 * posts further down (a rise over `riseMs`, then an exponential recession).
 */
export function riverRiseFraction(seed: number, atMs: number, lagMs: number, timeZone: string): number {
  let total = 0;
  for (const spell of spellsAround(seed, atMs, timeZone)) {
    const elapsedMs = atMs - (spell.startMs + spell.durationMs / 2 + lagMs);
    if (elapsedMs <= 0) continue;
    const rainMm = (spell.peakMmPerHour * (2 / Math.PI) * spell.durationMs) / hourMs;
    const pulse = (1 - Math.exp(-elapsedMs / (riseMs / 3))) * Math.exp(-elapsedMs / recedeMs);
    total += (referenceRiseFraction * rainMm * pulse) / referenceStormMm;
  }
  return total;
}

/** 0 when dry, 1 in a downpour (≥ 20 mm/h): how much the rain changes the street. */
export function rainIntensity(rainfallMmPerHour: number): number {
  return Math.min(1, rainfallMmPerHour / 20);
}
