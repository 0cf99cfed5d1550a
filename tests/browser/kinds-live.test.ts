import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInKindNames, type DeviceProfile } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiJson, chromiumPath, launchChromium, openWatchedPage, startTestPlatform, systemSuite, testAdminToken, testedVersions } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);

const noiseLevel: DeviceProfile = {
  labels: { id: 'Kebisingan', en: 'Noise' },
  intervalS: 60,
  headline: 'laeqDb',
  fields: { laeqDb: { type: 'number', unit: 'dB(A)', min: 20, max: 140, required: true } },
};

/** A kind saved through the API shows up on an open `/devices/kinds` at once: the live stream announces it. */
describe.skipIf(!suite.available)(suite.title('kinds pushed live to an open dashboard'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser-kinds-live'));
    browser = await launchChromium();
    page = await openWatchedPage(browser, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await stopPlatform?.();
  });

  it('lists a kind saved through the API without a reload, well before the minute refresh', async () => {
    await page.goto(`${platform.addresses.http}/devices/kinds?token=${testAdminToken}&lang=id`);
    await expect.poll(() => page.locator('tr[data-kind]').count(), { timeout: 10_000 }).toBe(builtInKindNames.length);
    await page.locator('.link.link-live').first().waitFor({ timeout: 10_000 }); // the stream is open: an announcement reaches this page
    await page.evaluate(() => Object.assign(globalThis, { kendaliNoReload: true })); // lost on a reload

    await apiJson(platform.addresses.http, '/api/kinds/noise-level', { method: 'PUT', body: noiseLevel });
    // The page asks for the kinds once a minute by itself; 10 s is far less, so only the announcement can explain the row.
    await expect.poll(() => page.locator('tr[data-kind="noise-level"]').innerText(), { timeout: 10_000 }).toContain('Kebisingan');
    expect(await page.evaluate(() => (globalThis as { kendaliNoReload?: boolean }).kendaliNoReload)).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
