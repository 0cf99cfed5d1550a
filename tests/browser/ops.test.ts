import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm, type AlarmEvent } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiJson, registerDevice, chromiumPath, launchChromium, openWatchedPage, labelPairs, showsLabel, type LabelPair, systemSuite, testedVersions, startTestPlatform, waitFor } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const postId = 'wl-uji-cipondoh';
const otherPostId = 'wl-uji-karawaci'; // a second district with an alarm, for the map's filter
const comment = 'Tim BPBD menuju Pos Uji Cipondoh';
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** Every label the console can show: its own, the desk header's and banners', the shared status words. */
const labels: LabelPair[] = [
  ...labelPairs('messages.ts', 'id', 'en'),
  ...labelPairs('messages-devices.ts', 'devicesMessagesId', 'devicesMessagesEn'),
  ...labelPairs('messages-wall.ts', 'wallMessagesId', 'wallMessagesEn'),
  ...labelPairs('messages-ops.ts', 'opsMessagesId', 'opsMessagesEn'),
];
/**
 * Indonesian labels that are not also English words: a word both languages share ("Alarm",
 * "Status", "ISPU") proves nothing about the switch.
 */
const distinctive = labels.filter((l) => l.id.replace(/\{\w+\}/g, '').trim().length >= 2 && !labels.some((other) => showsLabel(other.en, l.id)));

/** `datetime-local` text in WIB, as an operator types it. */
const wibInput = (at: number) => new Date(at + 7 * hour).toISOString().slice(0, 16);

interface HistoryRequest {
  readonly from: number;
  readonly to: number;
  readonly every: string;
}

describe.skipIf(!suite.available)(suite.title('/ops in a real browser: acknowledge, drill down, health, languages'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let post: MqttClient;
  let otherPost: MqttClient;
  let operatorToken = '';
  let alarmId = '';
  const operator = 'Operator Shift Pagi';
  const historyRequests: HistoryRequest[] = [];
  const consoleErrors: string[] = [];

  const bodyText = () => page.locator('body').innerText();
  const publish = (payload: unknown) => post.publishAsync(deviceTopic(postId, 'telemetry'), JSON.stringify(payload), { qos: 1 });
  const alarmRow = () => page.locator(`.alarm-row[data-alarm-id="${alarmId}"]`);
  const chart = () => page.locator('.drill-down .history-chart');
  const chartPoints = async () => Number((await chart().getAttribute('data-points').catch(() => null)) ?? -1);
  const axisTicks = () => chart().locator('.recharts-xAxis .recharts-cartesian-axis-tick-value').allTextContents();
  const lastHistoryRequest = () => historyRequests.at(-1);
  const map = () => page.locator('.ops-map');
  const mapButton = (name: string) => map().getByRole('button', { name, exact: true });
  const mapDistrict = (id: string) => map().locator(`.ops-map-district[data-district="${id}"]`);
  const alarmDistrictFilter = () => page.locator('.alarm-list').getByLabel('Kecamatan');
  const alarmPlaces = () => page.locator('.alarm-row .alarm-row-where').allInnerTexts();
  /** d3-zoom's transform of the map, as written on its view: translate(x,y) scale(k), rounded. */
  const mapTransform = async () => {
    const text = (await map().locator('.ops-map-view').getAttribute('transform')) ?? '';
    const parts = /^translate\(([^,]+),([^)]+)\) scale\(([^)]+)\)$/.exec(text);
    if (parts === null) throw new Error(`the map's transform reads ${text}`);
    const round = (n: string) => Math.round(Number(n) * 1_000) / 1_000 + 0; // + 0 turns -0 into 0
    return { x: round(parts[1]!), y: round(parts[2]!), k: round(parts[3]!) };
  };
  /** Clicks `target` with the mouse at a point where it is the topmost element (no marker or name over it). */
  const clickOn = async (target: Locator) => {
    const point = await target.evaluate((element) => {
      const box = element.getBoundingClientRect();
      for (let i = 1; i < 24; i += 1) {
        for (let j = 1; j < 24; j += 1) {
          const x = box.left + (box.width * i) / 24;
          const y = box.top + (box.height * j) / 24;
          const hit = element.ownerDocument.elementFromPoint(x, y);
          if (hit !== null && (hit === element || element.contains(hit))) return { x, y };
        }
      }
      return null;
    });
    if (point === null) throw new Error('no point of the target is free to click');
    await page.mouse.click(point.x, point.y);
  };

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser-ops', { KENDALI_SIMULATE: '1', KENDALI_SIMULATE_DEVICES: '30', KENDALI_SIMULATE_RATE: '1' }));
    const base = platform.addresses.http;
    // A water post on the default Cisadane levels (Siaga 3/2/1 at 300/400/500 cm).
    const secret = await registerDevice(base, postId, { kind: 'water-level', name: 'Pos Uji Cipondoh', district: 'Cipondoh' });
    // The shift's operator signs in with an operator token, not the admin's.
    operatorToken = (await apiJson<{ token: string }>(base, '/api/tokens', { method: 'POST', body: { name: operator, role: 'operator' } })).token;
    post = await connectAsync(platform.addresses.mqtt, { clientId: postId, username: postId, password: secret, reconnectPeriod: 0 });
    // A week of normal levels buffered by the post (every 2 h), then its last hour (every 2 min).
    const now = Date.now();
    const normal = (at: number) => ({ ts: at, waterLevelCm: Math.round(200 + 60 * Math.sin(at / (5 * hour))) });
    const week = Array.from({ length: 80 }, (_, i) => normal(now - 6.8 * day + i * 2 * hour)).filter((r) => r.ts < now - hour);
    const lastHour = Array.from({ length: 29 }, (_, i) => normal(now - 58 * minute + i * 2 * minute));
    for (let i = 0; i < week.length; i += 40) await publish(week.slice(i, i + 40));
    await publish(lastHour);
    await publish({ waterLevelCm: 420 }); // Siaga 2: a major alarm
    const siagaAlarm = async () => (await apiJson<Alarm[]>(base, `/api/alarms?device=${postId}&state=active`)).find((alarm) => alarm.ruleId === 'water-siaga')?.id;
    alarmId = await waitFor(siagaAlarm, 'the Siaga 2 alarm', 10_000);
    const otherSecret = await registerDevice(base, otherPostId, { kind: 'water-level', name: 'Pos Uji Karawaci', district: 'Karawaci' });
    otherPost = await connectAsync(platform.addresses.mqtt, { clientId: otherPostId, username: otherPostId, password: otherSecret, reconnectPeriod: 0 });
    await otherPost.publishAsync(deviceTopic(otherPostId, 'telemetry'), JSON.stringify({ waterLevelCm: 430 }), { qos: 1 });
    await waitFor(async () => (await apiJson<Alarm[]>(base, `/api/alarms?device=${otherPostId}&state=active`)).find((alarm) => alarm.ruleId === 'water-siaga')?.id, 'the Karawaci alarm', 10_000);

    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    page = await openWatchedPage(browser, consoleErrors);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname !== '/api/telemetry' || url.searchParams.get('device') !== postId) return;
      historyRequests.push({ from: Number(url.searchParams.get('from')), to: Number(url.searchParams.get('to')), every: url.searchParams.get('every') ?? '' });
    });
  });

  afterAll(async () => {
    await post?.endAsync(true);
    await otherPost?.endAsync(true);
    await browser?.close();
    await stopPlatform?.();
  });

  it('lists the alarm and acknowledges it with a comment, as the operator on shift', async () => {
    await page.goto(`${platform.addresses.http}/ops?token=${operatorToken}`, { timeout: 60_000 });
    await expect.poll(() => alarmRow().count(), { timeout: 20_000, message: 'the alarm in the list' }).toBe(1);
    expect(await alarmRow().getAttribute('data-state')).toBe('active');
    expect(await alarmRow().innerText()).toMatch(/Cipondoh · wl-uji-cipondoh[\s\S]*Aktif/);
    await expect.poll(() => page.locator('.devices-header .identity').innerText(), { timeout: 10_000 }).toContain(operator);

    await alarmRow().click();
    const detail = page.locator(`.alarm-detail[data-alarm-id="${alarmId}"]`);
    await expect.poll(() => detail.count(), { timeout: 10_000 }).toBe(1);
    const ackForm = detail.locator('form[data-action="ack"]');
    await ackForm.getByLabel('Catatan penanganan').fill(comment);
    await ackForm.getByRole('button', { name: 'Tangani alarm' }).click();

    await expect.poll(() => detail.locator('.alarm-state').innerText(), { timeout: 10_000 }).toBe('Ditangani');
    const acknowledgement = await detail.locator('.alarm-ack').innerText();
    expect(acknowledgement).toContain(`${operator} (operator)`);
    expect(acknowledgement).toContain(comment);
    expect(await ackForm.count()).toBe(0); // nothing left to acknowledge
    await expect.poll(() => detail.locator('.audit').innerText(), { timeout: 10_000 }).toMatch(new RegExp(`Ditangani\\s+${operator} \\(operator\\)\\s+${comment}`));
    await expect.poll(() => alarmRow().getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
    expect(await alarmRow().innerText()).toContain('Ditangani');

    // The server recorded who and why, in the alarm and in its audit trail.
    const recorded = await apiJson<{ alarm: Alarm; events: AlarmEvent[] }>(platform.addresses.http, `/api/alarms/${alarmId}`);
    expect(recorded.alarm).toMatchObject({ state: 'acknowledged', ackComment: comment, acknowledgedBy: `${operator} (operator)` });
    expect(recorded.events.filter((e) => e.type === 'acknowledged')).toEqual([expect.objectContaining({ by: `${operator} (operator)`, comment })]);
  });

  it("drills into the alarm's device: a history chart over 1 h, 24 h, 7 d and a custom range", async () => {
    await page.locator('.alarm-detail').getByRole('button', { name: `${postId} — lihat riwayat` }).click();
    await expect.poll(chartPoints, { timeout: 10_000, message: 'points of the last hour' }).toBeGreaterThanOrEqual(25);
    expect(lastHistoryRequest()).toMatchObject({ every: '30s' });
    expect(lastHistoryRequest()!.to - lastHistoryRequest()!.from).toBe(hour);
    expect(await chart().locator('.recharts-line-curve').count()).toBe(1);
    const hourTicks = await axisTicks();
    expect(hourTicks.length).toBeGreaterThan(2);
    for (const tick of hourTicks) expect(tick).toMatch(/^\d{2}[.:]\d{2}$/); // times of day
    // The reading that raised the alarm a moment ago is on the chart, not cut off at the last whole minute.
    const levels = (await chart().locator('.recharts-yAxis .recharts-cartesian-axis-tick-value').allTextContents()).map((tick) => Number(tick.replace(/\./g, '')));
    expect(Math.max(...levels)).toBeGreaterThanOrEqual(420);
    expect(await page.locator('.drill-down select[data-select="device"]').inputValue()).toBe(postId);

    const picker = page.getByRole('group', { name: 'Rentang waktu' });
    await picker.getByRole('button', { name: '24 jam' }).click();
    await expect.poll(() => lastHistoryRequest()?.every, { timeout: 10_000 }).toBe('5m');
    expect(lastHistoryRequest()!.to - lastHistoryRequest()!.from).toBe(day);
    await expect.poll(() => page.locator('.history-note').innerText()).toContain('Rata-rata per 5m');
    await expect.poll(chartPoints, { timeout: 10_000 }).toBeGreaterThanOrEqual(15);

    await picker.getByRole('button', { name: '7 hari' }).click();
    await expect.poll(() => lastHistoryRequest()?.every, { timeout: 10_000 }).toBe('1h');
    expect(lastHistoryRequest()!.to - lastHistoryRequest()!.from).toBe(7 * day);
    await expect.poll(chartPoints, { timeout: 10_000, message: 'points of the week' }).toBeGreaterThanOrEqual(70);
    await expect.poll(async () => (await axisTicks()).every((tick) => /^\d{1,2} \S{3}/.test(tick)), { timeout: 5_000, message: 'dates on the axis' }).toBe(true);

    await picker.getByRole('button', { name: 'Atur sendiri' }).click();
    expect(await picker.getByRole('button', { name: 'Atur sendiri' }).getAttribute('aria-pressed')).toBe('true');
    const from = Math.floor((Date.now() - 3 * day) / minute) * minute;
    const to = from + 2 * day;
    await picker.getByLabel('Dari').fill(wibInput(from));
    await picker.getByLabel('Sampai').fill(wibInput(to));
    await expect.poll(lastHistoryRequest, { timeout: 10_000 }).toEqual({ from, to, every: '15m' });
    await expect.poll(() => page.locator('.history-note').innerText()).toContain('Rata-rata per 15m');
    await expect.poll(chartPoints, { timeout: 10_000, message: 'points of the custom span' }).toBeGreaterThanOrEqual(20);

    await picker.getByRole('button', { name: '1 jam' }).click();
    await expect.poll(() => lastHistoryRequest()?.every, { timeout: 10_000 }).toBe('30s');
    await expect.poll(chartPoints, { timeout: 10_000 }).toBeGreaterThanOrEqual(25);
  });

  it('shows the live feed connected and the store healthy', async () => {
    const health = page.locator('.health');
    const check = (id: string) => health.locator(`[data-check="${id}"]`);
    await expect.poll(() => check('live').innerText(), { timeout: 10_000 }).toMatch(/^●\s*Aliran data langsung Terhubung$/);
    expect(await page.locator('.devices-header .link').innerText()).toContain('Terhubung');
    // The store as the live frames report it, and the broker as /readyz does, each named in words.
    await expect.poll(() => check('storage').innerText().catch(() => ''), { timeout: 10_000, message: 'the storage check from the live feed' }).toMatch(/^●\s*Penyimpanan siap$/);
    await expect.poll(() => check('broker').innerText().catch(() => ''), { timeout: 15_000, message: "/readyz's broker check" }).toMatch(/^●\s*Broker MQTT siap$/);
    await expect.poll(() => check('disk').innerText().catch(() => ''), { timeout: 15_000, message: "/readyz's disk check" }).toMatch(/^●\s*Disk data siap$/);
    expect(await check('store').count()).toBe(0); // the same store once, not twice
    expect(await health.locator('.check.is-ok').count()).toBe(4);
    expect(await health.locator('.check.is-bad').count()).toBe(0);
    expect(await page.locator('[data-banner]').count()).toBe(0);
    await expect.poll(() => page.locator('.handover').innerText(), { timeout: 10_000 }).toContain(comment);
    await page.screenshot({ path: `${artifacts}ops-1920x1080-id.png` });
    // The panels under the map, the handover with its events among them, leave the map room to be read and clicked.
    const mapBox = await map().locator('.ops-map-svg').boundingBox();
    expect(mapBox?.height ?? 0, 'the map\'s height on a 1080 px screen').toBeGreaterThan(1080 / 5);
  });

  it('switches every visible label to English and back', async () => {
    const before = await bodyText();
    const shown = distinctive.filter((l) => showsLabel(before, l.id));
    expect(shown.length, 'Indonesian labels on screen before the switch').toBeGreaterThan(40);

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(bodyText, { timeout: 5_000 }).toContain('Operator console');
    await expect.poll(() => page.locator('.history-note').innerText()).toContain('Mean per 30s');
    const after = await bodyText();
    const leftOver = distinctive.filter((l) => showsLabel(after, l.id)).map((l) => `${l.key}: ${l.id}`);
    expect(leftOver, 'Indonesian labels still visible in English').toEqual([]);
    const missing = shown.filter((l) => !showsLabel(after, l.en)).map((l) => `${l.key}: ${l.en}`);
    expect(missing, 'English labels that did not replace the Indonesian ones').toEqual([]);
    expect(await page.locator('.alarm-detail .alarm-state').innerText()).toBe('Acknowledged');
    expect(await page.locator('.health').innerText()).toMatch(/●\s*Live feed Live\s+●\s*Storage ready\s+●\s*MQTT broker ready\s+●\s*Data disk ready/);
    expect(await page.locator('.alarm-detail select').first().innerText()).toMatch(/^15 minutes\s+1 hour\s+4 hours/);
    await page.screenshot({ path: `${artifacts}ops-1920x1080-en.png` });

    await page.getByRole('button', { name: 'ID', exact: true }).click();
    await expect.poll(bodyText, { timeout: 5_000 }).toContain('Konsol operator');
  });

  it('pans and zooms the map with the wheel, a drag and its buttons; names and markers keep their size', async () => {
    const svg = map().locator('.ops-map-svg');
    const name = map().locator('.ops-map-mark[data-district="cipondoh"] .ops-map-name'); // a district in alarm is named first
    const marker = map().locator(`.ops-map-device[data-device-id="${postId}"]`);
    await expect.poll(() => marker.count(), { timeout: 10_000, message: "the post's marker" }).toBe(1);
    expect(await mapTransform()).toEqual({ x: 0, y: 0, k: 1 });
    const nameBefore = (await name.boundingBox())!;
    const markerBefore = (await marker.boundingBox())!;

    await mapButton('Perbesar peta').click();
    await expect.poll(async () => (await mapTransform()).k).toBe(1.6);
    await mapButton('Perkecil peta').click();
    await expect.poll(mapTransform).toEqual({ x: 0, y: 0, k: 1 });

    const box = (await svg.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await mapTransform()).k, { message: 'zoomed in by the wheel' }).toBeGreaterThan(1.5);
    const zoomed = await mapTransform();
    // Drawn in pixels whatever the zoom: the same size on screen.
    const nameAfter = (await name.boundingBox())!;
    const markerAfter = (await marker.boundingBox())!;
    expect(Math.abs(nameAfter.height - nameBefore.height)).toBeLessThan(1);
    expect(Math.abs(nameAfter.width - nameBefore.width)).toBeLessThan(1);
    expect(Math.abs(markerAfter.width - markerBefore.width)).toBeLessThan(1);
    await map().screenshot({ path: `${artifacts}ops-map-zoomed-id.png` });

    await page.mouse.down();
    await page.mouse.move(centre.x + 120, centre.y + 60, { steps: 6 });
    await page.mouse.up();
    const panned = await mapTransform();
    expect(panned.k).toBe(zoomed.k);
    expect(panned.x).toBeGreaterThan(zoomed.x); // the map follows the mouse: right
    expect(panned.y).toBeGreaterThan(zoomed.y); // and down
    // A drag is not a click: nothing was selected.
    expect(await map().locator('.ops-map-district[aria-pressed="true"]').count()).toBe(0);
    expect(await alarmDistrictFilter().inputValue()).toBe('');

    await mapButton('Tampilkan seluruh peta').click();
    await expect.poll(mapTransform).toEqual({ x: 0, y: 0, k: 1 });
  });

  it('filters the alarm list to a district clicked on the map and opens it in the drill-down; again, or "all districts", clears it', async () => {
    await expect.poll(async () => (await alarmPlaces()).some((p) => p.startsWith('Karawaci')), { timeout: 10_000, message: 'the Karawaci alarm in the list' }).toBe(true);
    expect((await alarmPlaces()).some((p) => p.startsWith('Cipondoh'))).toBe(true);
    const cipondoh = mapDistrict('cipondoh');
    expect(await cipondoh.getAttribute('data-state')).toBe('alarm');
    expect(await cipondoh.getAttribute('aria-label')).toMatch(/^Cipondoh: Alarm terbuka: \d+, terberat \S+$/);

    await clickOn(cipondoh);
    await expect.poll(() => alarmDistrictFilter().inputValue()).toBe('Cipondoh');
    await expect.poll(async () => { const places = await alarmPlaces(); return places.length > 0 && places.every((p) => p.startsWith('Cipondoh ·')); }, { timeout: 10_000, message: "only Cipondoh's alarms" }).toBe(true);
    expect(await cipondoh.getAttribute('aria-pressed')).toBe('true');
    expect(await mapButton('Semua kecamatan').getAttribute('aria-pressed')).toBe('false');
    const drill = page.locator('.drill-down');
    expect(await drill.getByLabel('Kecamatan').inputValue()).toBe('Cipondoh');
    await expect.poll(() => drill.locator(`.district-devices [data-device-id="${postId}"]`).count()).toBe(1);

    await clickOn(cipondoh);
    await expect.poll(() => alarmDistrictFilter().inputValue()).toBe('');
    await expect.poll(async () => (await alarmPlaces()).some((p) => p.startsWith('Karawaci')), { timeout: 10_000 }).toBe(true);
    expect(await cipondoh.getAttribute('aria-pressed')).toBe('false');
    expect(await drill.getByLabel('Kecamatan').inputValue()).toBe('');

    // By keyboard: the districts follow "all districts" in the tab order, Enter picks one.
    await mapButton('Semua kecamatan').focus();
    await page.keyboard.press('Tab');
    expect(await map().locator('.ops-map-district:focus').count()).toBe(1);
    await mapDistrict('karawaci').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => alarmDistrictFilter().inputValue()).toBe('Karawaci');
    await expect.poll(async () => { const places = await alarmPlaces(); return places.length > 0 && places.every((p) => p.startsWith('Karawaci ·')); }, { timeout: 10_000, message: "only Karawaci's alarms" }).toBe(true);
    await mapButton('Semua kecamatan').click();
    await expect.poll(() => alarmDistrictFilter().inputValue()).toBe('');
    expect(await mapDistrict('karawaci').getAttribute('aria-pressed')).toBe('false');
  });

  it("opens a device's history from its marker on the map, in both languages", async () => {
    await clickOn(mapDistrict('cipondoh'));
    await expect.poll(() => alarmDistrictFilter().inputValue()).toBe('Cipondoh');
    await mapButton('Tampilkan seluruh peta').click();
    await mapButton('Perbesar peta').click();
    await expect.poll(async () => (await mapTransform()).k).toBe(1.6);
    const marker = map().locator(`.ops-map-device[data-device-id="${postId}"]`);
    expect(await marker.getAttribute('data-state')).toBe('major'); // its acknowledged Siaga 2, larger and in the severity's shape
    const requestsBefore = historyRequests.length;
    await clickOn(marker);
    await expect.poll(() => page.locator('.drill-down select[data-select="device"]').inputValue()).toBe(postId);
    await expect.poll(() => historyRequests.length, { timeout: 10_000 }).toBeGreaterThan(requestsBefore);
    await expect.poll(chartPoints, { timeout: 10_000, message: "the post's last hour" }).toBeGreaterThanOrEqual(25);
    expect(await alarmDistrictFilter().inputValue()).toBe('Cipondoh'); // the list stays on its district
    await page.screenshot({ path: `${artifacts}ops-map-1920x1080-id.png` });

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => map().locator('.ops-title').innerText()).toBe('District map');
    expect(await mapButton('All districts').count()).toBe(1);
    expect(await mapButton('Zoom in on the map').count()).toBe(1);
    expect(await map().locator('.ops-map-legend').innerText()).toMatch(/Critical\s+.*Devices offline\s+.*All well/s);
    expect(await map().locator('.ops-map-attribution').innerText()).toBe('Kecamatan boundaries: BPS / OCHA ROAP (HDX), CC BY-IGO 3.0');
    expect(await mapDistrict('cipondoh').getAttribute('aria-label')).toMatch(/^Cipondoh: Open alarms: \d+, worst \S+$/);
    await page.screenshot({ path: `${artifacts}ops-map-1920x1080-en.png` });
    await page.getByRole('button', { name: 'ID', exact: true }).click();
    await expect.poll(() => map().locator('.ops-title').innerText()).toBe('Peta kecamatan');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
