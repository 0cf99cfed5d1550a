import { chromium, type Browser, type BrowserContextOptions, type LaunchOptions, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with no calls home (the machine has no network but loopback);
 * `options` adds Playwright launch options (the bench turns off its signal handlers).
 */
export function launchChromium(options: Omit<LaunchOptions, 'executablePath' | 'args'> = {}): Promise<Browser> {
  return chromium.launch({
    ...options,
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * The browsers run in a zone far from the city's (WIB, UTC+7): the dashboard must show and reckon
 * WIB whatever the zone of the machine it runs on.
 */
export const browserTimeZone = 'America/Los_Angeles';

/** Options of every page and context the suites open: a viewport, and a zone that is not WIB. */
export function pageOptions(viewport = { width: 1920, height: 1080 }): BrowserContextOptions {
  return { viewport, timezoneId: browserTimeZone };
}

/** A new page at wall size whose console errors and uncaught exceptions land in `errors`. */
export async function openWatchedPage(browser: Browser, errors: string[], viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const page = await browser.newPage(pageOptions(viewport));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}

/**
 * The waits a suite's pages use instead of the dashboard's (`dashboard/src/telemetry/timing-overrides.ts`):
 * a live stream silent for 4 s (16 frames missed at 4 Hz) instead of 15 s is taken for dead, and the
 * console asks `/readyz` every 2 s instead of 10 s. The behaviour is the same, only sooner.
 */
const shortTimings = { liveSilenceLimitMs: 4_000, readinessRefreshMs: 2_000 } as const;

/** Gives `page` the short waits from its next load on (reloads included), before any of its own scripts run. */
export async function shortenTimings(page: Page): Promise<void> {
  await page.addInitScript((timings) => Object.assign(globalThis, { kendaliTimings: timings }), shortTimings);
}
