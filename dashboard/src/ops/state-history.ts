import { valueLabel, type FieldSpec, type TelemetryPoint } from '@kendali/contracts';
import type { Language } from '../i18n/messages';

/** One stretch of a string field's history in one state: from its first point until the next state's. */
interface StateChange {
  readonly t: number;
  readonly value: string;
  readonly label: string;
}

export interface StateHistory {
  /** The states on the chart's axis, bottom up: the field's values in the profile's order, then any older ones found. */
  readonly states: readonly string[];
  /** Points as the chart draws them: the state's place on the axis. */
  readonly points: readonly { readonly t: number; readonly level: number }[];
  /** Where the state changed (the first point counts), oldest first. */
  readonly changes: readonly StateChange[];
}

/**
 * A string field's history read as states: each point's place among the field's values, and the
 * points where the state changed. A value a newer profile no longer lists (still in stored
 * readings) gets a place above the listed ones, so nothing stored is hidden.
 */
export function stateHistory(field: FieldSpec | undefined, points: readonly TelemetryPoint[], lang: Language): StateHistory {
  const states = [...(field?.values ?? [])];
  const changes: StateChange[] = [];
  const drawn: { t: number; level: number }[] = [];
  for (const point of points) {
    if (typeof point.value !== 'string') continue;
    let level = states.indexOf(point.value);
    if (level < 0) level = states.push(point.value) - 1;
    drawn.push({ t: point.t, level });
    if (changes[changes.length - 1]?.value !== point.value) changes.push({ t: point.t, value: point.value, label: valueLabel(field, point.value, lang) });
  }
  return { states, points: drawn, changes };
}
