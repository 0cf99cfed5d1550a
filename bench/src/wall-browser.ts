import type { Page } from 'playwright-core';
import { launchChromium, openWatchedPage } from '@kendali/test-support';
import { attachWallProbe, type WallPageProbe } from './wall-page-probe';

const viewport = { width: 1920, height: 1080 }; // the wall's smaller target size
const firstFiguresLimitMs = 120_000; // the first snapshot of thousands of devices, parsed and drawn

export interface WallBrowser {
  readonly version: string;
  readonly page: Page;
  readonly probe: WallPageProbe;
  /** Console errors and uncaught exceptions of the page, in order. */
  readonly errors: readonly string[];
  /** Rejects if the page's renderer crashes; never resolves otherwise. */
  readonly crashed: Promise<never>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, no GPU, no calls home, with the wall open at `url` and the probe
 * installed; resolves once the wall shows its first live figures (the devices KPI has a number).
 */
export async function openWall(url: string): Promise<WallBrowser> {
  // The bench's own clean-up closes it; Playwright's handlers would exit the process before that is done.
  const browser = await launchChromium({ handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  try {
    const errors: string[] = [];
    const page = await openWatchedPage(browser, errors, viewport);
    const crashed = new Promise<never>((_, reject) => page.once('crash', () => reject(new Error('the page crashed (renderer gone)'))));
    crashed.catch(() => undefined); // observed by whoever races it
    const probe = await attachWallProbe(page);
    await page.goto(url, { timeout: firstFiguresLimitMs });
    await page.locator('[data-kpi="devices"] .kpi-figure').filter({ hasText: /\d/ }).first().waitFor({ timeout: firstFiguresLimitMs });
    return { version: browser.version(), page, probe, errors, crashed, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
