import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kotaTangerang, type DeviceSettings } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { buildFleet, registerFleet, startSimulation, type Simulation } from '@kendali/simulators';
import { apiJson, chromiumPath, launchChromium, openWatchedPage, startTestPlatform, systemSuite, testAdminToken, testedVersions } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

const lights = buildFleet({ devices: 60, seed: 3, cities: [kotaTangerang] }).filter((device) => device.kind === 'street-light');
const obedient = lights[0]!;
const stubborn = lights[1]!; // told to ignore its settings: drifts

/**
 * A street light's settings panel on `/devices?id=…` against the platform and two simulated street
 * lights over MQTT: a dimming schedule set through the form reaches the lamp, which reports it (in
 * sync); a lamp that ignores its settings drifts, on its page and in `/ops`.
 */
describe.skipIf(!suite.available)(suite.title("a device's settings panel in a real browser"), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let simulation: Simulation | undefined;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // A short drift bound, so a difference turns into drift while the test watches.
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser-settings', { KENDALI_SETTINGS_DRIFT_AFTER: '2s' }));
    await mkdir(artifacts, { recursive: true });
    const secrets = await registerFleet({ apiUrl: platform.addresses.http, fleet: [obedient, stubborn], token: testAdminToken });
    simulation = await startSimulation({
      url: platform.addresses.mqtt,
      fleet: [obedient, stubborn],
      ratePerDeviceHz: 1,
      ignoreSettings: [stubborn.id],
      credentials: (device) => ({ username: device.id, password: secrets.get(device.id)! }),
    });
    browser = await launchChromium();
    page = await openWatchedPage(browser, consoleErrors);
  });

  afterAll(async () => {
    await simulation?.stop();
    await browser?.close();
    await stopPlatform?.();
  });

  const panel = () => page.locator('.settings-panel');
  const settingsOf = (id: string) => apiJson<DeviceSettings>(platform.addresses.http, `/api/devices/${id}/settings`);
  const edit = async () => {
    await panel().getByRole('button', { name: 'Ubah pengaturan' }).click();
    return panel().locator('.settings-form');
  };

  it('sets a dimming schedule through the form; the lamp runs it and reports it: in sync', async () => {
    await page.goto(`${platform.addresses.http}/devices?id=${obedient.id}&token=${testAdminToken}`);
    // The lamp reported what it runs at connect: its own schedule.
    await expect.poll(() => panel().locator('tr[data-setting="dimmingSchedule"] td').nth(1).innerText(), { timeout: 15_000 }).toBe('from 04:30, level 1\nfrom 23:00, level 0.6');
    const form = await edit();
    const schedule = form.locator('fieldset[data-setting="dimmingSchedule"]');
    await schedule.getByRole('checkbox').check();
    // The rows start from what the lamp reported; change both and add a third.
    await schedule.getByRole('textbox', { name: 'Jadwal peredupan 1 from' }).fill('05:00');
    await schedule.getByRole('textbox', { name: 'Jadwal peredupan 1 level' }).fill('0.8');
    await schedule.getByRole('textbox', { name: 'Jadwal peredupan 2 from' }).fill('22:00');
    await schedule.getByRole('textbox', { name: 'Jadwal peredupan 2 level' }).fill('0.4');
    await schedule.getByRole('button', { name: '+ Tambah baris' }).click();
    await schedule.getByRole('textbox', { name: 'Jadwal peredupan 3 from' }).fill('18:00');
    await schedule.getByRole('textbox', { name: 'Jadwal peredupan 3 level' }).fill('1');
    await form.getByRole('button', { name: 'Simpan pengaturan' }).click();

    const wanted = [
      { from: '05:00', level: 0.8 },
      { from: '22:00', level: 0.4 },
      { from: '18:00', level: 1 },
    ];
    await expect.poll(() => panel().locator('.settings-state').innerText(), { timeout: 15_000 }).toMatch(/^● sesuai · sejak /);
    expect(await panel().getAttribute('data-state')).toBe('in-sync');
    const row = panel().locator('tr[data-setting="dimmingSchedule"] td');
    expect(await row.nth(0).innerText()).toBe('from 05:00, level 0.8\nfrom 22:00, level 0.4\nfrom 18:00, level 1');
    expect(await row.nth(1).innerText()).toBe('from 05:00, level 0.8\nfrom 22:00, level 0.4\nfrom 18:00, level 1');
    expect(await settingsOf(obedient.id)).toMatchObject({ state: 'in-sync', desired: { dimmingSchedule: wanted }, reported: { dimmingSchedule: wanted }, reportedVersion: 1, mismatched: [] });
    await panel().screenshot({ path: `${artifacts}device-settings-panel-id.png` });
    await page.screenshot({ path: `${artifacts}device-settings-in-sync-id.png` });
  });

  it("shows the server's refusal of a value that breaks the setting's schema, naming the setting", async () => {
    const form = await edit();
    await form.locator('fieldset[data-setting="dimmingSchedule"]').getByRole('textbox', { name: 'Jadwal peredupan 1 level' }).fill('1.5');
    await form.getByRole('button', { name: 'Simpan pengaturan' }).click();
    const problem = panel().locator('.server-problem');
    await expect.poll(() => problem.innerText(), { timeout: 10_000 }).toContain('KENDALI_ERR_SETTING_VALUE');
    expect(await problem.innerText()).toContain('Nilai pengaturan tidak memenuhi aturannya');
    expect(await problem.innerText()).toContain('dimmingSchedule');
    expect((await settingsOf(obedient.id)).desiredVersion).toBe(1); // nothing changed
    // The browser logs the refused request; nothing else went wrong.
    expect(consoleErrors.splice(0)).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await problem.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}device-settings-refused-id.png` });
  });

  it('a lamp that ignores its settings drifts: on its page, in English, and in /ops', async () => {
    await page.goto(`${platform.addresses.http}/devices?id=${stubborn.id}&token=${testAdminToken}&lang=en`);
    await expect.poll(() => panel().locator('tr[data-setting="reportIntervalS"] td').nth(1).innerText(), { timeout: 15_000 }).toBe('1');
    await panel().getByRole('button', { name: 'Edit settings' }).click();
    const interval = panel().locator('fieldset[data-setting="reportIntervalS"]');
    await interval.getByRole('checkbox').check();
    await interval.getByRole('textbox', { name: 'Reporting interval' }).fill('60');
    await panel().getByRole('button', { name: 'Save settings' }).click();

    await expect.poll(() => panel().getAttribute('data-state'), { timeout: 15_000 }).toBe('drift');
    await expect.poll(() => panel().locator('.settings-state').innerText()).toMatch(/^▲ drift · since /);
    expect(await panel().locator('tr[data-setting="reportIntervalS"]').innerText()).toMatch(/Reporting interval\s+reportIntervalS\s+60\s+1 ≠ differs/);
    expect(await settingsOf(stubborn.id)).toMatchObject({ state: 'drift', desired: { reportIntervalS: 60 }, reported: { reportIntervalS: 1 }, mismatched: ['reportIntervalS'] });
    await page.screenshot({ path: `${artifacts}device-settings-drift-en.png` });

    await page.goto(`${platform.addresses.http}/ops?token=${testAdminToken}&lang=en`);
    const drift = page.locator('.ops-panel.drift');
    await expect.poll(() => drift.locator('li[data-device]').evaluateAll((items) => items.map((item) => item.getAttribute('data-device'))), { timeout: 15_000 }).toEqual([stubborn.id]);
    expect(await drift.locator(`li[data-device="${stubborn.id}"]`).innerText()).toMatch(/Reporting interval: different since /);
    await page.screenshot({ path: `${artifacts}ops-settings-drift-en.png` });
    expect(consoleErrors).toEqual([]);
  });
});
