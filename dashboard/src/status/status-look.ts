import type { AlarmSeverity, IspuCategory, SiagaLevel } from '@kendali/contracts';
import { ispuCategoryInfo } from '@kendali/contracts';

/**
 * Colours and shapes of every status the dashboard shows. A colour never travels alone: each look
 * also has a shape (markers, chips) and the screens write its name beside it, so a colour-blind
 * operator reads the same thing (DOMAIN.md, "Reading a wall from 5 metres").
 */
export type StatusShape = 'circle' | 'ring' | 'triangle' | 'diamond' | 'square' | 'cross';

export interface StatusLook {
  /** Fill or stroke colour, CSS hex. */
  readonly colour: string;
  /** Text colour with enough contrast on `colour`. */
  readonly ink: string;
  readonly shape: StatusShape;
}

/** The colour names of PermenLHK P.14/2020 (`ispuCategoryInfo`), as screen colours. */
const ispuColourHex: Readonly<Record<string, string>> = {
  green: '#16a34a',
  blue: '#2563eb',
  yellow: '#facc15',
  red: '#dc2626',
  black: '#050505',
};

const ispuShapes: Readonly<Record<IspuCategory, StatusShape>> = {
  baik: 'circle',
  sedang: 'square',
  'tidak-sehat': 'triangle',
  'sangat-tidak-sehat': 'diamond',
  berbahaya: 'cross',
};

/** ISPU category: green, blue, yellow, red, black (the regulation's colours). */
export function ispuLook(category: IspuCategory): StatusLook {
  const colour = ispuColourHex[ispuCategoryInfo[category].colour] ?? '#7f8ba1';
  return { colour, ink: category === 'tidak-sehat' ? '#111111' : '#ffffff', shape: ispuShapes[category] };
}

/**
 * Flood alert levels as Indonesian water-gate boards show them: Siaga 4 normal (green), Siaga 3
 * waspada (yellow), Siaga 2 siaga (orange), Siaga 1 awas (red). The number is always written too.
 */
const siagaLooks: Readonly<Record<SiagaLevel, StatusLook>> = {
  4: { colour: '#16a34a', ink: '#ffffff', shape: 'circle' },
  3: { colour: '#facc15', ink: '#111111', shape: 'triangle' },
  2: { colour: '#f97316', ink: '#111111', shape: 'diamond' },
  1: { colour: '#dc2626', ink: '#ffffff', shape: 'cross' },
};

export function siagaLook(level: SiagaLevel): StatusLook {
  return siagaLooks[level];
}

/** Alarm severities, worst first: red diamond, orange triangle, yellow square, sky-blue circle. */
const severityLooks: Readonly<Record<AlarmSeverity, StatusLook>> = {
  critical: { colour: '#ef4444', ink: '#ffffff', shape: 'diamond' },
  major: { colour: '#f97316', ink: '#111111', shape: 'triangle' },
  minor: { colour: '#facc15', ink: '#111111', shape: 'square' },
  warning: { colour: '#38bdf8', ink: '#111111', shape: 'circle' },
};

export function severityLook(severity: AlarmSeverity): StatusLook {
  return severityLooks[severity];
}

/** What a device marker on the map says about its device. */
export type MarkerState = 'online' | 'stale' | 'offline' | 'unknown' | AlarmSeverity;

const markerLooks: Readonly<Record<'online' | 'stale' | 'offline' | 'unknown', StatusLook>> = {
  online: { colour: '#22c55e', ink: '#111111', shape: 'circle' },
  stale: { colour: '#8a96ab', ink: '#111111', shape: 'ring' },
  offline: { colour: '#ef4444', ink: '#ffffff', shape: 'cross' },
  unknown: { colour: '#5b6880', ink: '#ffffff', shape: 'ring' },
};

export function markerLook(state: MarkerState): StatusLook {
  return state in markerLooks ? markerLooks[state as keyof typeof markerLooks] : severityLook(state as AlarmSeverity);
}

/** Neutral look of a district with nothing to report. */
export const calmLook: StatusLook = { colour: '#1d2b47', ink: '#eef3fb', shape: 'circle' };
