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
