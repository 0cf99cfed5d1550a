import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import { registerDevice, testAdminToken, chromiumPath, launchChromium, pageOptions, shortenTimings, freePort, spawnPlatform, type RunningPlatform, systemSuite, testedVersions, makeTempDir } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const postId = 'wl-uji-batuceper';

/** What a page watching the live feed shows of it. */
interface Watcher {
  readonly page: Page;
  /** Requests for /api/live that failed (connection refused while the server is down). */
  failedStreams: number;
}

describe.skipIf(!suite.available)(suite.title('the live feed of /wall and /ops survives a server restart, without a reload'), () => {
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let env: Record<string, string>;
  let platform: RunningPlatform | undefined;
  let browser: Browser;
  let secret = '';
  let post: MqttClient | undefined;
  let wall: Watcher;
  let ops: Watcher;
  /** Console errors and uncaught exceptions, each marked with whether the server was down then. */
  const consoleErrors: { readonly text: string; readonly outage: boolean }[] = [];
  let outage = false;

  const connectPost = async () => {
    await post?.endAsync(true);
    post = await connectAsync(platform!.mqtt, { clientId: postId, username: postId, password: secret, reconnectPeriod: 0 });
  };
  const level = (cm: number) => post!.publishAsync(deviceTopic(postId, 'telemetry'), JSON.stringify({ waterLevelCm: cm }), { qos: 1 });
  const linkText = (watcher: Watcher) => watcher.page.locator('.link .link-label').first().innerText();
  const banner = (watcher: Watcher) => watcher.page.locator('[data-banner="connection"]');
  const wallWater = () => wall.page.locator('[data-kpi="water"] .kpi-figure').innerText();
  const opsPostAlarm = () => ops.page.locator('.alarm-row', { hasText: postId }).filter({ hasText: /Siaga \d/ }).innerText().catch(() => '');

  const watch = async (path: string): Promise<Watcher> => {
    const page = await browser.newPage(pageOptions());
    // A silent feed taken for dead after 4 s, /readyz asked every 2 s: the same recovery, without
    // sitting through the production wall's 15 s silence limit and 10 s refresh.
    await shortenTimings(page);
    const watcher: Watcher = { page, failedStreams: 0 };
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push({ text: `${path}: ${message.text()}`, outage });
    });
    page.on('pageerror', (error) => consoleErrors.push({ text: `${path}: uncaught ${error.message}`, outage: false }));
    page.on('requestfailed', (request) => {
      if (new URL(request.url()).pathname === '/api/live') watcher.failedStreams += 1;
    });
    await page.goto(`${platform!.http}${path}${path.includes('?') ? '&' : '?'}token=${testAdminToken}`, { timeout: 60_000 });
    // Lost on a reload: proves the page recovered by itself.
    await page.evaluate(() => Object.assign(globalThis, { kendaliNoReload: true }));
    return watcher;
  };
  const notReloaded = (watcher: Watcher) => watcher.page.evaluate(() => (globalThis as { kendaliNoReload?: boolean }).kendaliNoReload === true);

  beforeAll(async () => {
    data = await makeTempDir('browser-reconnect');
    // Fixed ports: the restarted platform must answer where the pages already point.
    env = {
      KENDALI_DATA_DIR: data.path,
      KENDALI_HTTP_PORT: String(await freePort()),
      KENDALI_MQTT_PORT: String(await freePort()),
      KENDALI_SIMULATE: '1',
      KENDALI_SIMULATE_DEVICES: '20',
      KENDALI_SIMULATE_RATE: '1',
    };
    platform = await spawnPlatform(env);
    // A water post on the default Cisadane levels (Siaga 3/2/1 at 300/400/500 cm).
    secret = await registerDevice(platform.http, postId, { kind: 'water-level', name: 'Pos Uji Batuceper', district: 'Batuceper' });
    await connectPost();
    browser = await launchChromium();
    wall = await watch('/wall?rotate=0');
    ops = await watch('/ops');
  });

  afterAll(async () => {
    await post?.endAsync(true);
    await browser?.close();
    platform?.child.kill('SIGCONT'); // in case a failed test left it frozen
    await platform?.stop();
    await data?.remove();
  });

  it('shows both pages connected, with live values', async () => {
    await level(350); // Siaga 3: the highest level in the city
    for (const watcher of [wall, ops]) await expect.poll(() => linkText(watcher), { timeout: 20_000 }).toContain('Terhubung');
    await expect.poll(wallWater, { timeout: 20_000 }).toBe('350');
    await expect.poll(opsPostAlarm, { timeout: 20_000 }).toContain('Siaga 3');
  });

  it('says so while the server is down, keeping the last values on screen', async () => {
    outage = true;
    await platform!.kill(); // SIGKILL: no goodbye to the browsers
    platform = undefined;
    for (const watcher of [wall, ops]) {
      await expect.poll(() => linkText(watcher), { timeout: 15_000 }).toBe('Terputus — menyambung ulang…');
      await expect.poll(() => banner(watcher).innerText().catch(() => ''), { timeout: 5_000 }).toContain('Terputus dari server — menyambung ulang otomatis');
      // It keeps trying: refused attempts while the server is away.
      await expect.poll(() => watcher.failedStreams, { timeout: 20_000, message: 'failed reconnection attempts' }).toBeGreaterThanOrEqual(2);
      expect(await linkText(watcher)).toBe('Terputus — menyambung ulang…');
    }
    expect(await wallWater()).toBe('350');
    expect(await banner(wall).innerText()).toMatch(/data terakhir .+ lalu/);
    await expect.poll(() => ops.page.locator('.health [data-check="live"]').innerText(), { timeout: 5_000 }).toMatch(/Aliran data langsung Terputus/);
    await mkdir(artifacts, { recursive: true });
    await wall.page.screenshot({ path: `${artifacts}wall-disconnected-1920x1080-id.png` });
    await ops.page.screenshot({ path: `${artifacts}ops-disconnected-1920x1080-id.png` });
  });

  it('reconnects by itself once the server is back on the same port, and shows fresh values', async () => {
    platform = await spawnPlatform(env);
    for (const watcher of [wall, ops]) {
      await expect.poll(() => linkText(watcher), { timeout: 30_000, message: 'connected again' }).toBe('Terhubung');
      await expect.poll(() => banner(watcher).count(), { timeout: 5_000 }).toBe(0);
    }
    outage = false;
    await connectPost();
    await level(420); // Siaga 2, published to the new server
    await expect.poll(wallWater, { timeout: 10_000 }).toBe('420');
    await expect.poll(opsPostAlarm, { timeout: 10_000 }).toContain('Siaga 2');
    // /readyz is asked again and again: the console's health panel recovers by itself too.
    await expect.poll(() => ops.page.locator('.health .check.is-bad').count(), { timeout: 20_000 }).toBe(0);
    for (const watcher of [wall, ops]) expect(await notReloaded(watcher)).toBe(true);
  });

  it('says so when the server hangs without closing the connection, and recovers when it resumes', async () => {
    outage = true;
    platform!.child.kill('SIGSTOP'); // frozen: its sockets stay open and nothing arrives, as with a cut network
    for (const watcher of [wall, ops]) {
      await expect.poll(() => linkText(watcher), { timeout: 40_000, message: 'a silent feed taken for dead' }).toBe('Terputus — menyambung ulang…');
      expect(await banner(watcher).innerText()).toContain('Terputus dari server');
    }
    expect(await wallWater()).toBe('420');
    platform!.child.kill('SIGCONT');
    for (const watcher of [wall, ops]) {
      await expect.poll(() => linkText(watcher), { timeout: 40_000, message: 'connected again' }).toBe('Terhubung');
      await expect.poll(() => banner(watcher).count(), { timeout: 5_000 }).toBe(0);
    }
    outage = false;
    await level(460);
    await expect.poll(wallWater, { timeout: 10_000 }).toBe('460');
    for (const watcher of [wall, ops]) expect(await notReloaded(watcher)).toBe(true);
  });

  it('logged no console errors, except the browser reporting refused requests while the server was down', () => {
    const refused = /: Failed to load resource: net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE|INCOMPLETE_CHUNKED_ENCODING)$/;
    expect(consoleErrors.filter((error) => !error.outage || !refused.test(error.text)).map((error) => error.text)).toEqual([]);
  });
});
