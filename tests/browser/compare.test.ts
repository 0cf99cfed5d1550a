import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { chromiumPath, launchChromium, openWatchedPage, registerDevice, startTestPlatform, systemSuite, testAdminToken, testedVersions } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const hour = 3_600_000;
const seededHours = 20; // the hour in progress and the 19 before it: all inside the last 24 h

/** PM2.5 of each device in the hour `k` hours before the current one; one reading at the start of each hour. */
const airQuality: Record<string, { readonly district: string; readonly pm25: (k: number) => number }> = {
  'aq-uji-cipondoh-1': { district: 'Cipondoh', pm25: (k) => 30 + k },
  'aq-uji-cipondoh-2': { district: 'Cipondoh', pm25: (k) => 40 + k },
  'aq-uji-karawaci': { district: 'Karawaci', pm25: (k) => 80 - 2 * k },
  'aq-uji-tangerang': { district: 'Tangerang', pm25: (k) => 12 + (k % 3) },
};
/** What each district's panel must say: the latest hour's mean or highest, and the highest hourly figure of the day. */
const expected = {
  mean: { Cipondoh: { latest: 35, peak: 35 + 19 }, Karawaci: { latest: 80, peak: 80 }, Tangerang: { latest: 12, peak: 14 } },
  max: { Cipondoh: { latest: 40, peak: 40 + 19 }, Karawaci: { latest: 80, peak: 80 }, Tangerang: { latest: 12, peak: 14 } },
} as const;
const postId = 'wl-uji-tangerang'; // a water post on the default Siaga levels (300/400/500 cm)

describe.skipIf(!suite.available)(suite.title('/ops/compare in a real browser: districts side by side from /api/history'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const historyRequests: URLSearchParams[] = [];

  /** Waits for the shipped fonts to load, so a screenshot shows the type as the room sees it. */
  const fontsSettled = () => page.evaluate(async () => {
    await (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready;
  });
  const panels = () => page.locator('.compare-panel');
  const panel = (district: string) => page.locator(`.compare-panel[data-district="${district}"]`);
  /** What each panel shows: its district, its points, and the figures written at its head. */
  const shown = () =>
    panels().evaluateAll((elements) =>
      elements.map((element) => ({
        district: element.getAttribute('data-district'),
        points: Number(element.getAttribute('data-points')),
        latest: Number(element.querySelector('.compare-latest')?.getAttribute('data-value')),
        latestText: element.querySelector('.compare-latest b')?.textContent ?? '',
        peak: Number(element.querySelector('.compare-peak')?.getAttribute('data-value')),
        lines: element.querySelectorAll('.recharts-line-curve').length,
      })),
    );

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser-compare'));
    const base = platform.addresses.http;
    const thisHour = Math.floor(Date.now() / hour) * hour;
    const publishAs = async (id: string, secret: string, readings: readonly Record<string, number>[]) => {
      const client = await connectAsync(platform.addresses.mqtt, { clientId: id, username: id, password: secret, reconnectPeriod: 0 });
      await client.publishAsync(deviceTopic(id, 'telemetry'), JSON.stringify(readings), { qos: 1 }); // acknowledged = stored
      await client.endAsync();
    };
    for (const [id, device] of Object.entries(airQuality)) {
      const secret = await registerDevice(base, id, { kind: 'air-quality', name: id, district: device.district });
      await publishAs(id, secret, Array.from({ length: seededHours }, (_, k) => ({ ts: thisHour - k * hour, pm25: device.pm25(k) })));
    }
    const postSecret = await registerDevice(base, postId, { kind: 'water-level', name: 'Pos Uji Tangerang', district: 'Tangerang' });
    await publishAs(postId, postSecret, Array.from({ length: seededHours }, (_, k) => ({ ts: thisHour - k * hour, waterLevelCm: 250 + 10 * (k % 5) })));

    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    page = await openWatchedPage(browser, consoleErrors);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/history') historyRequests.push(url.searchParams);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stopPlatform?.();
  });

  it("is linked from /ops's navigation, and shows one panel per district with its hourly PM2.5 mean", async () => {
    await page.goto(`${platform.addresses.http}/ops?token=${testAdminToken}`, { timeout: 60_000 });
    await page.locator('.devices-nav').getByRole('link', { name: 'Bandingkan kecamatan' }).click();
    await page.waitForURL(/\/ops\/compare/);
    await expect.poll(async () => (await shown()).map((p) => p.district), { timeout: 20_000, message: 'a panel per district' }).toEqual(['Cipondoh', 'Karawaci', 'Tangerang']);
    await expect.poll(async () => (await shown()).every((p) => p.points === seededHours), { timeout: 10_000 }).toBe(true);
    const request = historyRequests.at(-1)!;
    expect(Object.fromEntries(request)).toMatchObject({ kind: 'air-quality', fields: 'pm25', every: '1h', groupBy: 'district', fn: 'mean,max' });
    expect(Number(request.get('to')) - Number(request.get('from'))).toBe(24 * hour);

    const panelsShown = await shown();
    for (const p of panelsShown) {
      const want = expected.mean[p.district as keyof typeof expected.mean];
      expect([p.district, p.latest, p.peak, p.lines]).toEqual([p.district, want.latest, want.peak, 1]);
    }
    // Written the Indonesian way: a decimal comma, one decimal, the unit.
    expect(panelsShown.find((p) => p.district === 'Cipondoh')!.latestText).toBe('35,0 µg/m³');
    // Each panel lays the ISPU categories under its line, and the legend names them.
    expect(await panel('Karawaci').locator('.recharts-reference-area').count()).toBe(5);
    expect(await page.locator('.compare-legend').innerText()).toMatch(/Baik[\s\S]*Sedang[\s\S]*Tidak Sehat/);
    // Times are the city's (WIB) whatever the browser's zone: the day's ticks fall on 00, 06, 12 and 18 WIB.
    const ticks = await panel('Cipondoh').locator('.recharts-xAxis .recharts-cartesian-axis-tick-value').allTextContents();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const tick of ticks) expect(tick).toMatch(/^(00|06|12|18)[.:]00$/);
    expect(await page.locator('.compare-footer').innerText()).toContain('WIB');
    const tier = await page.locator('.compare-tier').getAttribute('data-tier');
    const tierText = { raw: 'dari data mentah', '1m': 'dari ringkasan per menit', '1h': 'dari ringkasan per jam' }[tier as 'raw' | '1m' | '1h'];
    expect(await page.locator('.compare-tier').innerText()).toBe(tierText);
    await fontsSettled();
    await page.screenshot({ path: `${artifacts}compare-1920x1080.png` });
  });

  it('switches to the highest value per hour, and to a week, reading the same answer or a new range', async () => {
    await page.getByRole('group', { name: 'Nilai per jam' }).getByRole('button', { name: 'tertinggi' }).click();
    await expect.poll(async () => (await shown()).map((p) => [p.district, p.latest, p.peak]), { timeout: 10_000 }).toEqual(
      Object.entries(expected.max).map(([district, want]) => [district, want.latest, want.peak]),
    );
    await page.getByRole('group', { name: 'Rentang' }).getByRole('button', { name: '7 hari terakhir' }).click();
    await expect.poll(() => Number(historyRequests.at(-1)!.get('to')) - Number(historyRequests.at(-1)!.get('from')), { timeout: 10_000 }).toBe(7 * 24 * hour);
    await expect.poll(async () => (await shown()).map((p) => p.peak), { timeout: 10_000 }).toEqual([59, 80, 14]);
    await page.getByRole('group', { name: 'Rentang' }).getByRole('button', { name: '24 jam terakhir' }).click();
    await page.getByRole('group', { name: 'Nilai per jam' }).getByRole('button', { name: 'rata-rata' }).click();
  });

  it('draws the water post with its Siaga lines', async () => {
    await page.locator('select[data-select="kind"]').selectOption('water-level');
    await expect.poll(async () => (await shown()).map((p) => [p.district, p.points]), { timeout: 10_000 }).toEqual([['Tangerang', seededHours]]);
    const labels = await panel('Tangerang').locator('.recharts-reference-line .recharts-label').allTextContents();
    expect(labels).toEqual(['Siaga 3', 'Siaga 2', 'Siaga 1']);
    await page.screenshot({ path: `${artifacts}compare-water-1920x1080.png` });
    await page.locator('select[data-select="kind"]').selectOption('air-quality');
  });

  it('downloads what it shows as CSV: hourly mean and highest per district, units in the header', async () => {
    await page.goto(`${platform.addresses.http}/ops/compare?token=${testAdminToken}`);
    await panel('Cipondoh').waitFor();
    const link = page.locator('.compare-download a[data-format="csv"]');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^kendali-air-quality-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    const [header, ...rows] = text.trimEnd().split('\n');
    expect(header).toBe('time (WIB),time (UTC),district,kind,pm25 mean (µg/m³),pm25 max (µg/m³)');
    // The hour in progress: Cipondoh's two stations read 30 and 40, so the mean is 35 and the highest 40.
    expect(rows.filter((row) => row.endsWith(',Cipondoh,air-quality,35,40'))).toHaveLength(1);
    expect(new Set(rows.map((row) => row.split(',')[2]))).toEqual(new Set(['Cipondoh', 'Karawaci', 'Tangerang']));
  });

  it("draws every air-quality device of a district in /ops's drill-down from one /api/history request", async () => {
    await page.goto(`${platform.addresses.http}/ops?token=${testAdminToken}`);
    await page.locator('.drill-down').getByLabel('Kecamatan').selectOption('Cipondoh');
    const chart = page.locator('.drill-down .devices-chart');
    await expect.poll(() => chart.getAttribute('data-series'), { timeout: 10_000, message: 'a series per device' }).toBe('2');
    // The last hour holds one reading of each: a dot each. The last day, a line each.
    expect(await chart.locator('.recharts-line-dots').count()).toBe(2);
    await page.locator('.drill-down').getByRole('group', { name: 'Rentang waktu' }).getByRole('button', { name: '24 jam' }).click();
    await expect.poll(() => chart.getAttribute('data-points'), { timeout: 10_000 }).toBe(String(seededHours));
    expect(await chart.locator('.recharts-line-curve').count()).toBe(2);
    expect(await chart.locator('.recharts-legend-item-text').allTextContents()).toEqual(['aq-uji-cipondoh-1', 'aq-uji-cipondoh-2']);
    expect(Object.fromEntries(historyRequests.at(-1)!)).toMatchObject({ district: 'Cipondoh', kind: 'air-quality', fields: 'pm25', groupBy: 'device', every: '5m' });
    await page.screenshot({ path: `${artifacts}ops-district-devices-1920x1080.png` });
  });

  it('reads the same in English', async () => {
    await page.goto(`${platform.addresses.http}/ops/compare?lang=en&token=${testAdminToken}`);
    await expect.poll(async () => (await shown()).map((p) => [p.district, p.latest]), { timeout: 20_000 }).toEqual(
      Object.entries(expected.mean).map(([district, want]) => [district, want.latest]),
    );
    expect((await shown()).find((p) => p.district === 'Cipondoh')!.latestText).toBe('35.0 µg/m³');
    const text = await page.locator('body').innerText();
    expect(text).toContain('Districts side by side');
    expect(text).toContain('Latest hour');
    expect(text).toMatch(/Good[\s\S]*Moderate[\s\S]*Unhealthy/);
    expect(text).not.toContain('Jam terakhir');
    expect(text).not.toContain('Bandingkan kecamatan');
    await fontsSettled();
    await page.screenshot({ path: `${artifacts}compare-1920x1080-en.png` });
    expect(consoleErrors).toEqual([]);
  });
});
