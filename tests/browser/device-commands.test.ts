import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Command, type CommandMessage } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiJson, chromiumPath, launchChromium, openWatchedPage, registerDevice, startTestPlatform, systemSuite, testAdminToken, testedVersions } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const deviceId = 'sl-uji-perintah';

describe.skipIf(!suite.available)(suite.title("a device's commands panel in a real browser"), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let device: MqttClient | undefined;
  const received: CommandMessage[] = [];

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser-commands'));
    await mkdir(artifacts, { recursive: true });
    const secret = await registerDevice(platform.addresses.http, deviceId, { kind: 'street-light', name: 'PJU uji', district: 'Cibodas' });
    // A street light that obeys: it answers every command it receives.
    device = await connectAsync(platform.addresses.mqtt, { clientId: deviceId, username: deviceId, password: secret, reconnectPeriod: 0 });
    device.on('message', (_topic, payload) => {
      const command = JSON.parse(payload.toString()) as CommandMessage;
      received.push(command);
      void device?.publishAsync(deviceTopic(deviceId, 'commands/result'), JSON.stringify({ id: command.id, ok: true, detail: 'diredupkan' }), { qos: 1 });
    });
    await device.subscribeAsync(deviceTopic(deviceId, 'commands'), { qos: 1 });
    browser = await launchChromium();
    page = await openWatchedPage(browser, []);
  });

  afterAll(async () => {
    await device?.endAsync();
    await browser?.close();
    await stopPlatform?.();
  });

  const panel = () => page.locator('.commands-panel');

  it("offers the kind's commands and sends one the device answers; the list shows it done", async () => {
    await page.goto(`${platform.addresses.http}/devices?id=${deviceId}&token=${testAdminToken}`);
    const picker = panel().locator('select');
    await expect.poll(() => picker.locator('option').allInnerTexts(), { timeout: 10_000 }).toEqual(['Atur interval laporan (set-interval)', 'Atur peredupan (set-dimming)']);
    await picker.selectOption('set-dimming');
    const params = panel().locator('textarea');
    expect(await params.inputValue()).toBe('{"level":0.5}');
    await params.fill('{"level": 0.3}');
    await panel().getByRole('button', { name: 'Kirim perintah' }).click();

    await expect.poll(() => panel().locator('tbody tr').first().innerText(), { timeout: 15_000 }).toMatch(/Atur peredupan\s+berhasil.*diredupkan/s);
    expect(received.map((command) => [command.name, command.params])).toEqual([['set-dimming', { level: 0.3 }]]);
    const stored = await apiJson<Command[]>(platform.addresses.http, `/api/commands?device=${deviceId}`);
    expect(stored).toMatchObject([{ name: 'set-dimming', params: { level: 0.3 }, state: 'done', createdBy: 'KENDALI_ADMIN_TOKEN (admin)' }]);
    await page.screenshot({ path: `${artifacts}device-commands-id.png` });
  });

  it('shows why the server refused parameters that break the schema, and sends nothing', async () => {
    await panel().locator('textarea').fill('{"level": 3}');
    await panel().getByRole('button', { name: 'Kirim perintah' }).click();
    await expect.poll(() => panel().locator('.server-problem').innerText(), { timeout: 10_000 }).toContain('KENDALI_ERR_COMMAND_PARAMS');
    expect(received).toHaveLength(1);
  });
});
