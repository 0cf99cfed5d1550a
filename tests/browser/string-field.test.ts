import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm, type DeviceProfile } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiJson, chromiumPath, launchChromium, openWatchedPage, registerDevice, startTestPlatform, systemSuite, testAdminToken, testedVersions, waitFor } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const cameraId = 'cctv-uji-alun-alun';
const minute = 60_000;

const cctv: DeviceProfile = {
  labels: { id: 'Kamera CCTV', en: 'CCTV camera' },
  intervalS: 60,
  headline: 'status',
  fields: {
    status: {
      type: 'string',
      values: ['ok', 'degraded', 'down'],
      required: true,
      labels: { id: 'Kondisi kamera', en: 'Camera health' },
      valueLabels: { ok: { id: 'Normal', en: 'OK' }, degraded: { id: 'Menurun', en: 'Degraded' }, down: { id: 'Mati', en: 'Down' } },
    },
    fps: { type: 'number', unit: 'fps', min: 0, max: 120 },
  },
  rules: [{ id: 'camera-down', name: 'Kamera mati', type: 'state', enabled: true, scope: {}, minDurationMs: 0, field: 'status', values: ['down'], severity: 'major' }],
};

/** A kind with a string field in Chromium: the device page and list in the profile's labels, the kinds page with its values, the history as states. */
describe.skipIf(!suite.available)(suite.title('a string field in a real browser: labels, values and states over time'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser-string-field'));
    const base = platform.addresses.http;
    await apiJson(base, '/api/kinds/cctv', { method: 'PUT', body: cctv });
    const secret = await registerDevice(base, cameraId, { kind: 'cctv', name: 'Kamera Alun-alun', district: 'Cipondoh' });
    // The last 40 minutes of the camera: fine, then degraded, then down (which raises the profile's alarm).
    const camera = await connectAsync(platform.addresses.mqtt, { clientId: cameraId, username: cameraId, password: secret, reconnectPeriod: 0 });
    try {
      const now = Date.now();
      const states = [
        { ts: now - 40 * minute, status: 'ok', fps: 25 },
        { ts: now - 35 * minute, status: 'ok', fps: 25 },
        { ts: now - 25 * minute, status: 'degraded', fps: 8 },
        { ts: now - 10 * minute, status: 'down', fps: 0 },
      ];
      await camera.publishAsync(deviceTopic(cameraId, 'telemetry'), JSON.stringify(states), { qos: 1 });
    } finally {
      await camera.endAsync();
    }
    await waitFor(async () => (await apiJson<Alarm[]>(base, `/api/alarms?device=${cameraId}&state=active`)).find((alarm) => alarm.ruleId === 'camera-down'), 'the camera-down alarm', 10_000);
    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    page = await openWatchedPage(browser, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await stopPlatform?.();
  });

  it("shows the camera's state in the profile's label for the room's language, on its page and in the list", async () => {
    await page.goto(`${platform.addresses.http}/devices?id=${cameraId}&token=${testAdminToken}&lang=id`);
    const latest = page.locator('.latest-reading');
    const statusRow = latest.locator('tr', { has: page.locator('code', { hasText: /^status$/ }) });
    await expect.poll(() => statusRow.innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^Kondisi kamera status[^\n]*\s+Mati$/);
    expect(await latest.locator('.reading-value[title="down"]').innerText()).toBe('Mati');
    await expect.poll(() => page.locator(`tr[data-device-id="${cameraId}"]`).innerText().catch(() => ''), { timeout: 10_000 }).toContain('Mati');
    await page.screenshot({ path: `${artifacts}string-field-device-id.png` });

    await page.goto(`${platform.addresses.http}/devices?id=${cameraId}&lang=en`);
    await expect.poll(() => statusRow.innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/^Camera health status[^\n]*\s+Down$/);
    expect(await page.locator(`tr[data-device-id="${cameraId}"]`).innerText()).toContain('Down');
    expect(await latest.innerText()).not.toContain('Mati');
  });

  it('lists the values of the string field, with their labels, on the kinds page', async () => {
    await page.goto(`${platform.addresses.http}/devices/kinds?kind=cctv&lang=id`);
    const status = page.locator('.kind-detail tr[data-field="status"]');
    await expect.poll(() => status.locator('.kind-values li').allInnerTexts().catch(() => []), { timeout: 10_000 }).toEqual(['ok Normal', 'degraded Menurun', 'down Mati']);
    expect(await status.innerText()).toMatch(/status[\s\S]*Kondisi kamera[\s\S]*string/);
    expect(await page.locator('.kind-detail tr[data-field="fps"] .kind-range').innerText()).toBe('0 … 120');
    await page.screenshot({ path: `${artifacts}string-field-kind-id.png` });
  });

  it('draws the history of the string field as states over time, from its alarm on /ops, with the changes listed', async () => {
    const history: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/telemetry' && url.searchParams.get('device') === cameraId) history.push(`${url.searchParams.get('field')}:${url.searchParams.get('fn')}`);
    });
    await page.goto(`${platform.addresses.http}/ops?lang=id`, { timeout: 60_000 });
    await page.locator('.alarm-list').getByText('Kamera mati').first().click();
    await page.locator('.alarm-detail').getByRole('button', { name: `${cameraId} — lihat riwayat` }).click();
    const timeline = page.locator('.drill-down .state-timeline');
    await expect.poll(() => timeline.getAttribute('data-changes').catch(() => null), { timeout: 10_000 }).toBe('3');
    expect(history).toContain('status:last'); // a string field has no mean: each bucket's last state
    expect(await page.locator('.history-note').innerText()).toContain('Keadaan terakhir per 30s');
    // One step line across the three states, the axis labelled with them bottom up.
    expect(await timeline.locator('.recharts-line-curve').count()).toBe(1);
    expect(await timeline.locator('.recharts-yAxis .recharts-cartesian-axis-tick-value').allTextContents()).toEqual(['Normal', 'Menurun', 'Mati']);
    expect(await timeline.locator('.state-changes tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')))).toEqual(['down', 'degraded', 'ok']);
    expect(await timeline.locator('.state-changes tbody tr').first().innerText()).toMatch(/Mati$/);
    await page.screenshot({ path: `${artifacts}string-field-states-id.png` });

    // The numeric field of the same camera is still a line of numbers.
    await page.locator('.drill-down').getByLabel('Besaran').selectOption('fps');
    await expect.poll(() => page.locator('.drill-down .history-chart').getAttribute('data-points').catch(() => null), { timeout: 10_000 }).not.toBe(null);
    await expect.poll(() => history.includes('fps:mean'), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('.drill-down .state-timeline').count()).toBe(0);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
