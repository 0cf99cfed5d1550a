/**
 * Shorter waits for the browser suites. Seeing a hung server taken for dead otherwise costs a
 * suite the whole 15 s silence limit, and a recovered `/readyz` up to its 10 s refresh.
 *
 * Read from `globalThis.kendaliTimings`, which only a script run before the page's own can set
 * (Playwright's `addInitScript`): no address, setting or stored value of the production wall or
 * console carries it, so a wall cannot pick it up by accident and keeps the defaults.
 */
export interface TimingOverrides {
  /** Reopen the live stream after this long without an event, ms (default 15 s, `live-source.ts`). */
  readonly liveSilenceLimitMs?: number;
  /** Ask `/readyz` again this often on the console's health panel, ms (default 10 s, `health-panel.tsx`). */
  readonly readinessRefreshMs?: number;
}

const overridable = ['liveSilenceLimitMs', 'readinessRefreshMs'] as const;
const shortestMs = 250; // below this a watchdog or a refresh would only spin

/** The overrides a test script put on the page, each a number of at least 250 ms; none on a real wall. */
export function timingOverrides(scope: object = globalThis): TimingOverrides {
  const given: unknown = (scope as { kendaliTimings?: unknown }).kendaliTimings;
  if (typeof given !== 'object' || given === null) return {};
  const overrides: { -readonly [K in keyof TimingOverrides]: number } = {};
  for (const key of overridable) {
    const value: unknown = (given as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= shortestMs) overrides[key] = value;
  }
  return overrides;
}
