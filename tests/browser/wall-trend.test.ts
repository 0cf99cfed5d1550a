import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trendStepMs } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { testAdminToken, chromiumPath, launchChromium, openWatchedPage, openLiveStream, systemSuite, testedVersions, startTestPlatform } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
// 3 buckets of 5 s (about 10 s of running): a page building its own trend needs 10 s for as many,
// and any 2 are enough for the check below (the snapshot's older bucket is one the page's frames miss).
const serverPointsWanted = 3;

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

/**
 * Keeps the server time (`at`) of every live frame the page receives, in `__liveFrameTimes`: the
 * page's own EventSource, with one more listener beside the dashboard's.
 */
const recordLiveFrames = `(() => {
  const times = (globalThis.__liveFrameTimes = []);
  const Native = globalThis.EventSource;
  globalThis.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      this.addEventListener('frame', (event) => times.push(JSON.parse(event.data).at));
    }
  };
})();`;

interface Drawn {
  /** Data points drawn by the first line of the scene's live chart (`dot={false}`: the path's vertices). */
  readonly points: number;
  /** Trend buckets the page's own frames fall in: the most points it could have drawn from them alone. */
  readonly ownBuckets: number;
}

/** The chart's points and the page's own frames, read at one instant. */
const drawn = (page: Page): Promise<Drawn> =>
  page.evaluate((stepMs) => {
    const { document, __liveFrameTimes: times } = globalThis as unknown as {
      document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
      __liveFrameTimes: number[];
    };
    const path = document.querySelector('.trend-panel .recharts-line-curve')?.getAttribute('d') ?? '';
    return { points: path.match(/[ML]/g)?.length ?? 0, ownBuckets: new Set(times.map((at) => Math.floor(at / stepMs))).size };
  }, trendStepMs);

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
    // Let the platform run until its trend spans several buckets (about 10 to 15 s).
    await expect.poll(() => serverTrendPoints(platform.addresses.http), { timeout: 60_000, interval: 2_000 }).toBeGreaterThanOrEqual(serverPointsWanted);

    const page = await openWatchedPage(browser, consoleErrors);
    await page.addInitScript({ content: recordLiveFrames });
    await page.goto(`${platform.addresses.http}/wall?token=${testAdminToken}&scene=environment&rotate=0`, { timeout: 60_000 });
    await expect.poll(async () => (await drawn(page)).points, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(serverPointsWanted);
    // A page building the trend from its own frames draws at most one point per 5 s bucket they
    // span, however fast or slow it ran: more points than that came with the server's snapshot.
    const { points, ownBuckets } = await drawn(page);
    expect(points, `${points} points drawn from frames in ${ownBuckets} buckets`).toBeGreaterThan(ownBuckets);
    expect(consoleErrors).toEqual([]);
  });
});
