import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import { testAdminToken } from '../support/api-client';
import { chromiumPath, launchChromium } from '../support/browser';
import { systemSuite } from '../support/system-suite';
import { makeTempDir } from '../support/temp-dir';

const suite = systemSuite(chromiumPath, 'apt-get install chromium');
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

describe.skipIf(!suite.available)(suite.title('/wall in a real browser against the live platform'), () => {
  let platform: Platform;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    data = await makeTempDir('browser');
    const config = loadConfig({
      KENDALI_DATA_DIR: data.path,
      KENDALI_HTTP_PORT: '0',
      KENDALI_MQTT_PORT: '0',
      KENDALI_SIMULATE: '1',
      KENDALI_SIMULATE_DEVICES: '60',
      KENDALI_SIMULATE_RATE: '2',
      KENDALI_ADMIN_TOKEN: testAdminToken,
    });
    platform = await startPlatform(config, { logger: pino({ level: 'silent' }) });
    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await data?.remove();
  });

  const kpiNumber = async (index: number) => {
    const text = await page.locator('.kpi .kpi-value').nth(index).innerText();
    return Number(/[\d.,]+/.exec(text)?.[0]?.replace(/\./g, '').replace(',', '.'));
  };

  it('shows live figures from the simulated city and keeps them updating', async () => {
    await page.goto(`${platform.addresses.http}/wall?token=${testAdminToken}`);
    await expect.poll(() => kpiNumber(0), { timeout: 20_000 }).toBeGreaterThan(0); // devices online
    await expect.poll(() => kpiNumber(1), { timeout: 20_000 }).toBeGreaterThan(0); // messages per second
    await expect.poll(() => page.locator('.recharts-surface').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await page.locator('body').innerText()).includes('Terhubung'), { timeout: 10_000 }).toBe(true);
    const before = await platform.ingest.store.storedCount;
    await expect.poll(() => platform.ingest.store.storedCount, { timeout: 10_000 }).toBeGreaterThan(before);
    await page.screenshot({ path: `${artifacts}wall-1920x1080-id.png` });
  });

  it('switches every label to English', async () => {
    const indonesian = await page.locator('h2').allInnerTexts();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(async () => (await page.locator('h2').allInnerTexts()).join('|'), { timeout: 5_000 }).not.toBe(indonesian.join('|'));
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/Perangkat daring|Kualitas udara|Tinggi muka air/);
    await page.screenshot({ path: `${artifacts}wall-1920x1080-en.png` });
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
