import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { testAdminToken, chromiumPath, launchChromium, openWatchedPage, pageOptions, systemSuite, testedVersions, startTestPlatform } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

const deviceId = 'wl-uji-pintu-air-10';

describe.skipIf(!suite.available)(suite.title('/devices in a real browser: register, publish, watch live'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let device: MqttClient | undefined;
  let secret = '';
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser-devices'));
    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    page = await openWatchedPage(browser, consoleErrors);
  });

  afterAll(async () => {
    await device?.endAsync();
    await browser?.close();
    await stopPlatform?.();
  });

  const bodyText = () => page.locator('body').innerText();
  const messageLog = () => page.locator('.message-log').innerText().catch(() => '');
  const listRow = () => page.locator(`tr[data-device-id="${deviceId}"]`);

  it('takes the token from the address, hides it and shows who is signed in', async () => {
    await page.goto(`${platform.addresses.http}/devices?token=${testAdminToken}`);
    await expect.poll(() => page.locator('.devices-header').count(), { timeout: 10_000 }).toBe(1);
    expect(page.url()).not.toContain('token=');
    const stored = () => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('kendali.token');
    expect(await page.evaluate(stored)).toBe(testAdminToken);
    await expect.poll(() => page.locator('.devices-header .identity').innerText(), { timeout: 10_000 }).toContain('admin');
    await expect.poll(() => page.title(), { timeout: 5_000 }).toBe('Kendali — Pusat Kendali Kota Tangerang'); // the room's own city
  });

  it('registers a water-level device through the form and shows its secret once, with examples', async () => {
    await page.getByRole('button', { name: 'Daftarkan perangkat' }).click();
    const form = page.locator('form.register-form');
    await form.getByLabel('ID perangkat').fill(deviceId);
    await form.getByLabel('Jenis').selectOption('water-level');
    await form.getByLabel('Nama').fill('Pintu Air 10 (uji)');
    await form.getByLabel('Kecamatan').selectOption('Periuk');
    await form.getByLabel('Lintang (lat)').fill('-6.17');
    await form.getByLabel('Bujur (lon)').fill('106.585');
    await form.getByRole('button', { name: 'Daftarkan', exact: true }).click();

    const secretLocator = page.locator('.credential-panel .secret-value');
    await expect.poll(() => secretLocator.count(), { timeout: 10_000 }).toBe(1);
    secret = (await secretLocator.innerText()).trim();
    expect(secret.length).toBeGreaterThan(10);
    const panel = await page.locator('.credential-panel').innerText();
    expect(panel).toContain('Hanya ditampilkan sekarang');
    expect(panel).toContain(
      `mosquitto_pub -h 127.0.0.1 -p ${platform.addresses.mqttPort} -i ${deviceId} -u ${deviceId} -P '${secret}' -q 1 -t ${deviceTopic(deviceId, 'telemetry')} -m '{"waterLevelCm": 212.5`,
    );
    expect(panel).toContain(`mqtt.connect('mqtt://127.0.0.1:${platform.addresses.mqttPort}'`);
    expect(page.url()).toContain(`id=${deviceId}`);
    await expect.poll(() => listRow().count(), { timeout: 10_000 }).toBe(1);
  });

  it('shows a reading published as that device in the live view and the list without a reload', async () => {
    await expect.poll(() => page.locator('.messages-panel .link-live').count(), { timeout: 15_000 }).toBe(1);
    await page.evaluate(() => Object.assign(globalThis, { kendaliNoReload: true })); // lost on a reload
    device = await connectAsync(platform.addresses.mqtt, { clientId: deviceId, username: deviceId, password: secret, reconnectPeriod: 0 });
    await device.publishAsync(deviceTopic(deviceId, 'telemetry'), '{"waterLevelCm": 212.5}', { qos: 1 });

    await expect.poll(messageLog, { timeout: 10_000 }).toContain('{"waterLevelCm": 212.5}');
    expect(await messageLog()).toContain('disimpan ✓');
    await expect.poll(() => listRow().locator('.latest-cell').innerText(), { timeout: 10_000 }).toMatch(/212,5\s*cm/);
    await expect.poll(() => page.locator('.latest-reading').innerText(), { timeout: 10_000 }).toContain('212,5');
    await expect.poll(() => listRow().locator('.state').first().innerText(), { timeout: 10_000 }).toContain('Daring');
    expect(await page.evaluate(() => (globalThis as { kendaliNoReload?: boolean }).kendaliNoReload)).toBe(true);
  });

  it('shows why a bad message was rejected, within seconds', async () => {
    await device!.publishAsync(deviceTopic(deviceId, 'telemetry'), '{"waterLevelCm": "high"}', { qos: 1 });
    await expect.poll(messageLog, { timeout: 10_000 }).toContain('KENDALI_ERR_FIELD_TYPE');
    expect(await page.locator('.message.is-rejected').first().innerText()).toContain('{"waterLevelCm": "high"}');
    expect(await listRow().locator('.latest-cell').innerText()).toMatch(/212,5/); // the bad value was not stored
    await page.screenshot({ path: `${artifacts}devices-1920x1080.png` });
  });

  it('switches every label to English', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(bodyText, { timeout: 5_000 }).toContain('Live messages');
    await page.getByRole('button', { name: 'I have saved it' }).click();
    expect(await page.locator('.secret-value').count()).toBe(0); // shown once: gone once dismissed
    const body = await bodyText();
    expect(body).toContain('stored ✓');
    expect(body).toMatch(/212\.5\s*cm/);
    expect(body).not.toMatch(/Pesan langsung|Daftarkan perangkat|Terakhir terlihat|disimpan/);
    await expect.poll(() => page.title(), { timeout: 5_000 }).toBe('Kendali — Tangerang City Control Centre');
    await page.screenshot({ path: `${artifacts}devices-1920x1080-en.png` });
  });

  it('disables and enables the device, and rotates its credential', async () => {
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await expect.poll(() => listRow().innerText(), { timeout: 5_000 }).toContain('Disabled');
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect.poll(() => listRow().innerText(), { timeout: 5_000 }).not.toContain('Disabled');
    await page.getByRole('button', { name: 'Rotate credential' }).click();
    await expect.poll(() => page.locator('.secret-value').innerText().catch(() => ''), { timeout: 5_000 }).toMatch(/\S{10,}/);
    expect((await page.locator('.secret-value').innerText()).trim()).not.toBe(secret);
    await page.getByRole('button', { name: 'I have saved it' }).click();
  });

  it('checks a bulk import, names the bad line, imports and exports', async () => {
    await page.getByRole('button', { name: 'Bulk import' }).click();
    const content = page.getByLabel('Content (CSV or JSON)');
    const good = 'aq-uji-1,air-quality,Stasiun Uji 1,Benda,-6.125,106.68,2025-11-01,true';
    await content.fill(`id,kind,name,district,lat,lon,installDate,enabled\n${good}\naq-uji-2,pump,Pompa,Benda,,,,true\n`);
    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    await expect.poll(() => page.locator('.problem-table').innerText().catch(() => ''), { timeout: 5_000 }).toMatch(/^3\s+aq-uji-2/m);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await content.fill(`id,kind,name,district,lat,lon,installDate,enabled,firmware\n${good},1.4.2\n`);
    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    await expect.poll(() => page.locator('.import-verdict').innerText().catch(() => ''), { timeout: 5_000 }).toContain('Ready to import');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.import-verdict').innerText(), { timeout: 5_000 }).toContain('Import done');
    await page.screenshot({ path: `${artifacts}devices-import-1920x1080-en.png` });
    const credentials = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download credentials (CSV)' }).click();
    expect((await credentials).suggestedFilename()).toBe('kendali-device-credentials.csv');
    await expect.poll(() => page.locator('tr[data-device-id="aq-uji-1"]').count(), { timeout: 5_000 }).toBe(1);
    const exported = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await exported).path();
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(file, 'utf8')).toMatch(/^id,kind,name,district,lat,lon,installDate,enabled,firmware\r?\n/);
  });

  it('deletes a device only after confirmation', async () => {
    await page.locator('tr[data-device-id="aq-uji-1"]').click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => page.locator('tr[data-device-id="aq-uji-1"]').count(), { timeout: 5_000 }).toBe(0);
    expect(await bodyText()).toContain('Device aq-uji-1 deleted.');
  });

  it('takes a token instead of a password where none is known, and refuses an unknown one', async () => {
    const context = await browser.newContext(pageOptions());
    try {
      const fresh = await context.newPage();
      await fresh.goto(`${platform.addresses.http}/devices?lang=id`);
      await fresh.getByRole('button', { name: 'Pakai token API' }).click();
      const field = fresh.getByLabel('Token API');
      await field.fill('kdl_not-a-real-token-0000000000000000');
      await fresh.getByRole('button', { name: 'Masuk', exact: true }).click();
      await expect.poll(() => fresh.locator('.sign-in-problem').innerText().catch(() => ''), { timeout: 10_000 }).toContain('Token ditolak');
      await fresh.screenshot({ path: `${artifacts}sign-in-1920x1080.png` });
      await field.fill(testAdminToken);
      await fresh.getByRole('button', { name: 'Masuk', exact: true }).click();
      await expect.poll(() => fresh.locator(`tr[data-device-id="${deviceId}"]`).count(), { timeout: 10_000 }).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('credits the boundaries and the type in its About dialog, and names the cities it watches', async () => {
    const about = page.getByRole('dialog');
    await page.locator('.devices-header').getByRole('button', { name: /^(Tentang|About)$/ }).click();
    await expect.poll(() => about.isVisible(), { timeout: 5_000 }).toBe(true);
    const text = await about.innerText();
    expect(text).toMatch(/BPS – Statistics Indonesia \/ OCHA ROAP, via HDX \(COD-AB Indonesia, 2020\), CC BY-IGO 3\.0/);
    expect(text).toMatch(/(Kota Tangerang|Tangerang City) · 13 kecamatan · WIB/);
    expect(text).toMatch(/SIL Open Font License 1\.1/);
    expect(await about.getByRole('link').getAttribute('href')).toBe('https://creativecommons.org/licenses/by/3.0/igo/legalcode');
    await page.screenshot({ path: `${artifacts}about-1920x1080.png` });
    await about.getByRole('button', { name: /^(Tutup|Close)$/ }).click();
    await expect.poll(() => about.isVisible(), { timeout: 5_000 }).toBe(false);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
