import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { attachWallProbe, type WallPageProbe } from './wall-page-probe';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumInstalled = () => existsSync(chromiumPath);

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
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    // The bench's own clean-up closes it; Playwright's handlers would exit the process before that is done.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
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
