import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { registerDevice, testAdminToken } from '../support/api-client';
import { chromiumPath, launchChromium } from '../support/browser';
import { systemSuite } from '../support/system-suite';
import { startTestPlatform } from '../support/test-platform';

const suite = systemSuite(chromiumPath, 'apt-get install chromium');
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const postId = 'wl-uji-periuk';

/** Indonesian labels of the overview that must all be gone once the wall is switched to English. */
const indonesianLabels = ['Ringkasan kota', 'Perangkat daring', 'Data masuk', 'Alarm aktif', 'ISPU kota', 'Air tertinggi', 'Pengguna Wi-Fi', 'Daring', 'Luring', 'Data lama', 'Beralarm', 'Terhubung', 'Peringatan', 'Kritis', 'Mayor', 'dari ', 'Sedang', 'Baik', 'lalu'];

describe.skipIf(!suite.available)(suite.title('/wall in a real browser against the live platform'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let post: MqttClient;
  const consoleErrors: string[] = [];

  const level = (cm: number) => post.publishAsync(deviceTopic(postId, 'telemetry'), JSON.stringify({ waterLevelCm: cm }), { qos: 1 });
  const kpi = (id: string) => page.locator(`[data-kpi="${id}"] .kpi-figure`).innerText();
  const open = (query: string) => page.goto(`${platform.addresses.http}/wall?token=${testAdminToken}&${query}`, { timeout: 60_000 });

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser', { KENDALI_SIMULATE: '1', KENDALI_SIMULATE_DEVICES: '60', KENDALI_SIMULATE_RATE: '2' }));
    // A water post on the default Cisadane levels (Siaga 3/2/1 at 300/400/500 cm).
    const secret = await registerDevice(platform.addresses.http, postId, { kind: 'water-level', name: 'Pos Uji Periuk', district: 'Periuk' });
    post = await connectAsync(platform.addresses.mqtt, { clientId: postId, username: postId, password: secret, reconnectPeriod: 0 });
    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });

  afterAll(async () => {
    await post?.endAsync(true);
    await browser?.close();
    await stopPlatform?.();
  });

  it('shows every key figure with live values from the simulated city', async () => {
    await level(350); // Siaga 3: the most alarming post of the city
    await open('rotate=0');
    for (const id of ['devices', 'readings', 'alarms', 'ispu', 'water', 'wifi']) {
      await expect.poll(() => kpi(id), { timeout: 20_000, message: `KPI ${id}` }).toMatch(/\d/);
    }
    await expect.poll(() => kpi('water'), { timeout: 10_000 }).toBe('350');
    expect(await page.locator('[data-kpi="water"] .kpi-sub').innerText()).toContain('Siaga 3');
    expect(await page.locator('[data-kpi="ispu"] .status-badge').innerText()).toMatch(/Baik|Sedang|Tidak Sehat|Berbahaya/);
    await expect.poll(() => page.locator('.district-label').count()).toBe(13);
    await expect.poll(() => page.locator('.link').innerText()).toContain('Terhubung');
    expect(await page.locator('.clock-zone').innerText()).toBe('WIB');
    await page.waitForTimeout(1_500); // let the map's markers and counts settle for the picture
    await page.screenshot({ path: `${artifacts}wall-1920x1080-id.png` });
  });

  it('shows a new reading within 2 seconds', async () => {
    const sentAt = Date.now();
    await level(377);
    await expect.poll(() => kpi('water'), { timeout: 2_000, interval: 50 }).toBe('377');
    expect(Date.now() - sentAt).toBeLessThan(2_000);
  });

  it('switches every label to English', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => page.locator('.scene-title h2').innerText()).toBe('City overview');
    await page.waitForTimeout(600); // the next redraw
    const body = await page.locator('body').innerText();
    for (const label of indonesianLabels) expect(body, label).not.toContain(label);
    expect(body).toMatch(/Devices online[\s\S]*of \d/);
    expect(body).toMatch(/(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d+ \w+ \d{4}/);
    await page.screenshot({ path: `${artifacts}wall-1920x1080-en.png` });
    await page.getByRole('button', { name: 'ID', exact: true }).click();
  });

  it('rotates through the scenes by itself, each with its live chart', async () => {
    await open('scene=environment&rotate=5');
    await expect.poll(() => page.locator('.wall').getAttribute('data-scene')).toBe('environment');
    await expect.poll(() => page.locator('.trend-panel .recharts-line-curve').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: `${artifacts}wall-environment-1920x1080-id.png` });
    await expect.poll(() => page.locator('.wall').getAttribute('data-scene'), { timeout: 8_000 }).toBe('flood');
    expect(await page.locator('.scene-title h2').innerText()).toBe('Banjir & muka air');
    await expect.poll(() => page.locator('.rank-row').first().innerText()).toContain('Pos Uji Periuk');
    await page.screenshot({ path: `${artifacts}wall-flood-1920x1080-id.png` });
  });

  it('gives the screen to an active critical alarm', async () => {
    await open('rotate=0');
    await level(520); // above Siaga 1: critical
    const takeover = page.locator('.takeover');
    await expect.poll(() => takeover.count(), { timeout: 5_000 }).toBe(1);
    expect(await takeover.innerText()).toMatch(/ALARM KRITIS[\s\S]*Pos Uji Periuk/);
    expect(await page.locator('.district-cell.is-highlighted').count()).toBe(1);
    await page.screenshot({ path: `${artifacts}wall-takeover-1920x1080-id.png` });
    await level(200); // back to normal: the alarm clears and the wall returns
    await expect.poll(() => takeover.count(), { timeout: 5_000 }).toBe(0);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
