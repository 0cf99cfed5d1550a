import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@kendali/platform';
import { testAdminToken, chromiumPath, launchChromium, openWatchedPage, openLiveStream, systemSuite, testedVersions, startTestPlatform } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const serverPointsWanted = 4; // 4 buckets of 5 s: a page building its own trend needs 15 s for as many

/** Points in the server's trend, as the snapshot frame of a new `/api/live` connection carries it. */
async function serverTrendPoints(httpBase: string): Promise<number> {
  const stream = await openLiveStream(httpBase);
  try {
    await expect.poll(() => stream.frames.length, { timeout: 10_000 }).toBeGreaterThan(0);
    return stream.frames[0]!.trend?.length ?? 0;
  } finally {
    stream.close();
  }
}

/** Data points drawn by the first line of the scene's live chart (`dot={false}`: count the path's vertices). */
const chartPoints = (page: Page) =>
  page
    .locator('.trend-panel .recharts-line-curve')
    .first()
    .getAttribute('d', { timeout: 1_000 })
    .then((d) => d?.match(/[ML]/g)?.length ?? 0)
    .catch(() => 0);

describe.skipIf(!suite.available)(suite.title('/wall charts are full at once after a page load'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser-trend', { KENDALI_SIMULATE: '1', KENDALI_SIMULATE_DEVICES: '60', KENDALI_SIMULATE_RATE: '2' }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stopPlatform?.();
  });

  it('draws the server’s last minutes on the chart right after the page loads', async () => {
    // Let the platform run until its trend spans several buckets (about 20 s).
    await expect.poll(() => serverTrendPoints(platform.addresses.http), { timeout: 60_000, interval: 2_000 }).toBeGreaterThanOrEqual(serverPointsWanted);

    const page = await openWatchedPage(browser, consoleErrors);
    const loadedAt = Date.now();
    await page.goto(`${platform.addresses.http}/wall?token=${testAdminToken}&scene=environment&rotate=0`, { timeout: 60_000 });
    // A page building the trend from its own frames would need more than 15 s for this many points.
    await expect.poll(() => chartPoints(page), { timeout: 8_000, interval: 100 }).toBeGreaterThanOrEqual(serverPointsWanted);
    expect(Date.now() - loadedAt).toBeLessThan(12_000);
    expect(consoleErrors).toEqual([]);
  });
});
