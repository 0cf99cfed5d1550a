import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm, type Display } from '@kendali/contracts';
import {
  apiFetch,
  apiJson,
  chromiumPath,
  launchChromium,
  openWatchedPage,
  registerDevice,
  serverSuite,
  startFailoverProxy,
  startSeveralMachines,
  systemSuite,
  testedVersions,
  waitFor,
  type FailoverProxy,
  type RunningPlatform,
  type SeveralMachines,
} from '@kendali/test-support';

// Two api nodes behind one address, as the deployment's nginx puts them, beside an ingest worker,
// Mosquitto, PostgreSQL and InfluxDB: a wall screen and an operator's console follow the city
// through node A, the one leading the alarms; A is killed, and both carry on through node B without
// a reload, showing the same picture and what happens next.
const needs = [systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium), serverSuite('mosquitto-dynamic-security', 'postgresql', 'influxdb')];
const title = needs.reduce((name, need) => need.title(name), '/wall and /ops behind one address follow the other api node when theirs stops');
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

const devices = {
  'wl-failover-karawaci': { kind: 'water-level', name: 'Pos Failover Karawaci', district: 'Karawaci' },
  'wl-failover-periuk': { kind: 'water-level', name: 'Pos Failover Periuk', district: 'Periuk' },
  'aq-failover-cipondoh': { kind: 'air-quality', name: 'Udara Failover Cipondoh', district: 'Cipondoh' },
} as const;
type DeviceId = keyof typeof devices;
const operator = { username: 'rina', password: 'bendung-pasar-baru-2026', displayName: 'Rina Wulandari', role: 'operator' } as const;

/** The wall's tiles that every api node must show alike (the readings rate is each node's own count). */
const wallPicture = async (page: Page) => {
  const figure = async (kpi: string) => (await page.locator(`[data-kpi="${kpi}"]`).innerText()).replace(/\s+/g, ' ');
  return { devices: await figure('devices'), alarms: await figure('alarms'), ispu: await figure('ispu'), water: await figure('water') };
};

describe.skipIf(needs.some((need) => !need.available))(title, () => {
  let machines: SeveralMachines;
  let proxy: FailoverProxy;
  let browser: Browser;
  let wall: Page;
  let ops: Page;
  let nodeA: RunningPlatform;
  let nodeB: RunningPlatform;
  const clients = new Map<DeviceId, MqttClient>();
  const consoleErrors: string[] = [];
  let stoppedAt = Number.POSITIVE_INFINITY; // index in the proxy's requests from which node A is gone
  let picture: Awaited<ReturnType<typeof wallPicture>>;

  const publish = (id: DeviceId, fields: Record<string, number>) => clients.get(id)!.publishAsync(deviceTopic(id, 'telemetry'), JSON.stringify(fields), { qos: 1 });
  const linkText = (page: Page) => page.locator('.link .link-label').first().innerText();
  const liveStreams = (from: number, to = Number.POSITIVE_INFINITY) =>
    proxy.requests.slice(from, to).filter((request) => /^\/api\/live(\?|$)/.test(request.path));
  const notReloaded = (page: Page) => page.evaluate(() => (globalThis as { kendaliNoReload?: boolean }).kendaliNoReload === true);

  beforeAll(async () => {
    machines = await startSeveralMachines();
    // Workers never lead the alarms, so the three start together.
    const start = async (role: 'ingest' | 'api', nodeId: string) => (await machines.startNode(role, nodeId)).node;
    const [worker, first, second] = await Promise.all([start('ingest', 'w1'), start('api', 'api-1'), start('api', 'api-2')]);
    // Node A is the one leading the alarms: its stop hands the lead over too.
    const leads = async (node: RunningPlatform) => /^kendali_alarm_leader 1$/m.test(await (await apiFetch(node.http, '/metrics')).text());
    [nodeA, nodeB] = await waitFor(async () => ((await leads(first)) ? [first, second] : (await leads(second)) ? [second, first] : undefined), 'an api node to lead the alarms');
    proxy = await startFailoverProxy([nodeA.http, nodeB.http]);

    // Registered through the one address; every node learns them from PostgreSQL, Mosquitto from dynamic security.
    for (const [id, device] of Object.entries(devices) as [DeviceId, (typeof devices)[DeviceId]][]) {
      const secret = await registerDevice(proxy.url, id, device);
      clients.set(id, await waitFor(() => connectAsync(machines.mosquitto.url, { protocolVersion: 5, clientId: id, username: id, password: secret, reconnectPeriod: 0 }), `${id} let in by Mosquitto`));
    }
    // A reading is refused by a worker that does not know its device yet.
    await waitFor(async () => (/^kendali_devices\{state="not_online"\} 3$/m.test(await (await apiFetch(worker.http, '/metrics')).text()) ? true : undefined), 'the worker to know the devices');
    await apiJson(proxy.url, '/api/users', { method: 'POST', body: operator });
    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    [wall, ops] = await Promise.all([openWatchedPage(browser, consoleErrors), openWatchedPage(browser, consoleErrors)]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([...clients.values()].map((client) => client.endAsync(true).catch(() => undefined)));
    await proxy?.close();
    await machines?.close();
  });

  it('pairs a wall and signs an operator in through the proxy, both following the city through node A', async () => {
    // A wall screen paired by its code, as it is in the room: its display credential lives in PostgreSQL.
    await wall.goto(`${proxy.url}/wall?lang=id&rotate=0`);
    const code = await wall.locator('.wall-pairing-code').getAttribute('data-code', { timeout: 20_000 });
    await apiJson<Display>(proxy.url, `/api/displays/pairings/${code}/confirm`, { method: 'POST', body: { name: 'Dinding Failover', validDays: 1 } });
    await ops.goto(`${proxy.url}/ops?lang=id`);
    await ops.getByLabel('Nama pengguna', { exact: true }).fill(operator.username);
    await ops.getByLabel('Kata sandi', { exact: true }).fill(operator.password);
    await ops.getByRole('button', { name: 'Masuk', exact: true }).click();
    await expect.poll(() => ops.locator('.identity').innerText(), { timeout: 20_000 }).toContain(operator.displayName);
    // Lost on a reload: proves the pages carried on by themselves.
    for (const page of [wall, ops]) await page.evaluate(() => Object.assign(globalThis, { kendaliNoReload: true }));

    await publish('wl-failover-karawaci', { waterLevelCm: 420 }); // Siaga 2 on the default Cisadane levels
    await publish('wl-failover-periuk', { waterLevelCm: 180 });
    await publish('aq-failover-cipondoh', { pm25: 40 });
    await expect.poll(() => wallPicture(wall), { timeout: 30_000 }).toMatchObject({ devices: 'Daring 3 dari 3', alarms: 'Alarm aktif 1 Kritis 0 Mayor 1 Minor 0 Peringatan 0', water: 'Air tertinggi 420 cm Siaga 2' });
    await expect.poll(() => ops.locator('.alarm-row', { hasText: 'wl-failover-karawaci' }).count(), { timeout: 20_000 }).toBe(1);
    for (const page of [wall, ops]) expect(await linkText(page)).toBe('Terhubung');
    picture = await wallPicture(wall);
    await wall.screenshot({ path: `${artifacts}failover-wall-node-a.png` });

    // Everything so far went to node A, the first that answers.
    expect(liveStreams(0).length).toBeGreaterThanOrEqual(2);
    expect(new Set(proxy.requests.map((request) => request.node))).toEqual(new Set([nodeA.http]));
  });

  it('reconnects both pages to node B when node A stops, shows the same picture, and keeps them updating', async () => {
    stoppedAt = proxy.requests.length;
    await nodeA.kill(); // SIGKILL: its streams cut mid-answer, its lead of the alarms lost with its database connection

    // Each page opens its stream again through the same address, and node B answers it.
    await expect.poll(() => liveStreams(stoppedAt).filter((request) => request.node === nodeB.http && request.status === 200).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(liveStreams(stoppedAt).filter((request) => request.node === nodeA.http)).toEqual([]);
    for (const page of [wall, ops]) await expect.poll(() => linkText(page), { timeout: 10_000 }).toBe('Terhubung');
    // Live again, no tile marked stale, and the same figures as through node A (the counts now from node B's snapshot).
    await expect.poll(() => wall.locator('.kpi.is-stale').count(), { timeout: 10_000 }).toBe(0);
    expect(await wallPicture(wall)).toEqual(picture);
    expect(await wall.locator('.wall-pairing').count()).toBe(0); // the display credential holds on node B

    // Readings published after the stop reach both pages through node B, and node B raises the next alarm.
    await publish('wl-failover-karawaci', { waterLevelCm: 470 });
    await publish('wl-failover-periuk', { waterLevelCm: 440 }); // Siaga 2 (Siaga 1, critical, would take the wall over)
    await publish('aq-failover-cipondoh', { pm25: 25 }); // a better ISPU, still within the default rules
    await expect.poll(() => wallPicture(wall), { timeout: 30_000 }).toMatchObject({ alarms: 'Alarm aktif 2 Kritis 0 Mayor 2 Minor 0 Peringatan 0', water: 'Air tertinggi 470 cm Siaga 2' });
    expect((await wallPicture(wall)).ispu).not.toBe(picture.ispu);
    await expect.poll(() => ops.locator('.alarm-row', { hasText: 'wl-failover-periuk' }).count(), { timeout: 20_000 }).toBe(1);
    await wall.screenshot({ path: `${artifacts}failover-wall-node-b.png` });

    // The operator's session and its CSRF token hold on node B: she acknowledges the new alarm there.
    const alarmId = await waitFor(async () => (await apiJson<Alarm[]>(nodeB.http, '/api/alarms?device=wl-failover-periuk&state=active'))[0]?.id, 'the second Siaga 2 alarm on node B');
    await ops.locator(`.alarm-row[data-alarm-id="${alarmId}"]`).click();
    const detail = ops.locator(`.alarm-detail[data-alarm-id="${alarmId}"]`);
    const ackForm = detail.locator('form[data-action="ack"]');
    await ackForm.getByLabel('Catatan penanganan').fill('Petugas menuju Periuk');
    await ackForm.getByRole('button', { name: 'Tangani alarm' }).click();
    await expect.poll(() => detail.locator('.alarm-ack').innerText(), { timeout: 10_000 }).toContain(`${operator.displayName} (operator)`);
    await ops.screenshot({ path: `${artifacts}failover-ops-node-b.png` });
    expect(proxy.requests.slice(stoppedAt).find((request) => request.method === 'POST')).toMatchObject({ path: `/api/alarms/${alarmId}/ack`, node: nodeB.http, status: 200 });

    for (const page of [wall, ops]) expect(await notReloaded(page)).toBe(true);
    expect((await apiFetch(nodeB.http, '/readyz')).status).toBe(200);
  });

  it('logged no console errors but the streams node A cut', () => {
    expect(consoleErrors.filter((text) => !/ERR_(INCOMPLETE_CHUNKED_ENCODING|EMPTY_RESPONSE|CONNECTION_RESET)/.test(text))).toEqual([]);
  });
});
