import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInKindNames, builtInProfiles, deviceTopic } from '@kendali/contracts';
import type { DeviceProfile } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiJson, chromiumPath, launchChromium, openWatchedPage, pageOptions, registerDevice, systemSuite, testedVersions, startTestPlatform } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

const stationId = 'aq-uji-profil-1';
/** PM2.5 the station sends: with the limit lowered to 50 µg/m³ the last two would be refused. */
const pm25Sent = [20, 80, 120];

const noiseLevel: DeviceProfile = {
  labels: { id: 'Kebisingan', en: 'Noise' },
  description: 'Sound level meter on a street pole',
  intervalS: 60,
  headline: 'laeqDb',
  fields: {
    laeqDb: { type: 'number', unit: 'dB(A)', min: 20, max: 140, required: true, labels: { id: 'Tingkat bising', en: 'Noise level' } },
    peakDb: { type: 'number', unit: 'dB(A)', min: 20, max: 160 },
  },
};

/** `/devices/kinds` against the live platform and its kinds API: list, one kind, a trial, a refused and a good save. */
describe.skipIf(!suite.available)(suite.title('/devices/kinds in a real browser: kinds as data, tried and saved'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let base = '';
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser-kinds'));
    base = platform.addresses.http;
    await mkdir(artifacts, { recursive: true });
    // An air-quality station with three stored readings, for the trial to look at.
    const secret = await registerDevice(base, stationId, { kind: 'air-quality', name: 'Stasiun Uji Profil', district: 'Benda' });
    const station = await connectAsync(platform.addresses.mqtt, { clientId: stationId, username: stationId, password: secret, reconnectPeriod: 0 });
    try {
      const t0 = Date.now() - 10 * 60_000;
      for (const [index, pm25] of pm25Sent.entries()) await station.publishAsync(deviceTopic(stationId, 'telemetry'), JSON.stringify({ ts: t0 + index * 60_000, pm25 }), { qos: 1 });
    } finally {
      await station.endAsync();
    }
    browser = await launchChromium();
    page = await openWatchedPage(browser, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await stopPlatform?.();
  });

  const kindRow = (kind: string) => page.locator(`tr[data-kind="${kind}"]`);
  const editor = () => page.locator('.profile-editor');

  it('lists the five built-in kinds, reached from the navigation of /devices', async () => {
    const { token } = await apiJson<{ token: string }>(base, '/api/tokens', { method: 'POST', body: { name: 'teknisi-uji', role: 'engineer' } });
    await page.goto(`${base}/devices?token=${token}&lang=id`);
    await page.locator('.devices-nav').getByRole('link', { name: 'Profil perangkat' }).click();
    await expect.poll(() => page.locator('tr[data-kind]').count(), { timeout: 10_000 }).toBe(builtInKindNames.length);
    expect(new URL(page.url()).pathname).toBe('/devices/kinds');
    const listed = await page.locator('tr[data-kind]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind') ?? ''));
    expect(listed.sort()).toEqual([...builtInKindNames].sort());
    for (const kind of builtInKindNames) {
      const text = await kindRow(kind).innerText();
      expect(text).toContain(builtInProfiles[kind]!.labels.id);
      expect(text).toContain(kind);
      expect(text).toContain('v1');
      expect(text).toContain('bawaan');
      expect(text).toContain(String(Object.keys(builtInProfiles[kind]!.fields).length));
    }
  });

  it("shows a kind's fields, commands, settings and versions", async () => {
    await kindRow('air-quality').click();
    const detail = page.locator('.kind-detail');
    await expect.poll(() => detail.getAttribute('data-kind').catch(() => null), { timeout: 5_000 }).toBe('air-quality');
    expect(page.url()).toContain('kind=air-quality');
    const pm25 = await detail.locator('tr[data-field="pm25"]').innerText();
    expect(pm25).toMatch(/pm25\s+★ Kolom utama/);
    expect(pm25).toContain('µg/m³');
    expect(pm25).toContain('0 … 1.000'); // Indonesian digit grouping
    expect(pm25).toContain('✓');
    expect(await detail.locator('tr[data-field]').count()).toBe(Object.keys(builtInProfiles['air-quality']!.fields).length);
    const text = await detail.innerText();
    expect(text).toContain('set-interval'); // every kind takes the built-in command
    expect(text).toContain('reportIntervalS');
    await expect.poll(() => detail.locator('tr[data-version="1"]').count(), { timeout: 5_000 }).toBe(1);
    expect(await detail.locator('tr[data-version="1"]').innerText()).toMatch(/^v1\s/);
    await page.screenshot({ path: `${artifacts}kinds-1920x1080.png` });
  });

  it('tries a stricter PM2.5 range on the stored readings and shows the verdicts it would change', async () => {
    const airQuality = builtInProfiles['air-quality']!;
    const stricter: DeviceProfile = { ...airQuality, fields: { ...airQuality.fields, pm25: { ...airQuality.fields['pm25']!, max: 50 } } };
    await editor().locator('textarea[data-input="profile"]').fill(JSON.stringify(stricter, null, 2));
    await editor().locator('button[data-action="try"]').click();
    const result = editor().locator('.trial-result');
    await expect.poll(() => result.count(), { timeout: 15_000 }).toBe(1);
    expect(await result.getAttribute('data-trial-version')).toBe('2');
    expect(await result.locator('[data-trial="examined"]').innerText()).toContain(`${pm25Sent.length} data tersimpan`);
    expect(await result.locator('[data-trial="verdict"]').innerText()).toBe('Dengan profil ini: 1 diterima, 2 ditolak');
    expect(await result.locator('tr[data-reason="KENDALI_ERR_FIELD_RANGE"]').innerText()).toMatch(/KENDALI_ERR_FIELD_RANGE\s+2/);
    const changed = result.locator(`tr[data-change-device="${stationId}"]`);
    expect(await changed.count()).toBe(2);
    expect(await changed.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/\{"pm25":120\}\s+ditolak\s+KENDALI_ERR_FIELD_RANGE/), expect.stringMatching(/\{"pm25":80\}\s+ditolak\s+KENDALI_ERR_FIELD_RANGE/)]),
    );
    await page.screenshot({ path: `${artifacts}kinds-trial-1920x1080.png` });
    // Only a trial: the version in force is still 1.
    expect(await page.locator('.kind-detail').getAttribute('data-version')).toBe('1');
  });

  it('names every problem of a refused profile with its JSON path, and changes nothing', async () => {
    const airQuality = builtInProfiles['air-quality']!;
    const broken: DeviceProfile = { ...airQuality, headline: 'pm1', fields: { ...airQuality.fields, pm25: { ...airQuality.fields['pm25']!, min: 900, max: 10 } } };
    await editor().locator('textarea[data-input="profile"]').fill(JSON.stringify(broken, null, 2));
    await editor().locator('button[data-action="save"]').click();
    const problems = editor().locator('.profile-problems');
    await expect.poll(() => problems.count(), { timeout: 10_000 }).toBe(1);
    expect(await problems.getAttribute('data-status')).toBe('400');
    const text = await problems.innerText();
    expect(text).toContain('Profil ditolak, tidak ada yang diubah');
    expect(text).toContain('/fields/pm25/min');
    expect(text).toContain('/headline');
    expect(await problems.locator('li').count()).toBe(2);
    await page.screenshot({ path: `${artifacts}kinds-refused-1920x1080.png` });
    expect(await page.locator('.kind-detail').getAttribute('data-version')).toBe('1');
  });

  it('saves a new kind: in the list at once, and in the register form of /devices', async () => {
    await page.locator('button[data-action="new-kind"]').click();
    await editor().locator('input[data-input="kind-id"]').fill('noise-level');
    await editor().locator('textarea[data-input="profile"]').fill(JSON.stringify(noiseLevel, null, 2));
    await editor().locator('button[data-action="save"]').click();
    await expect.poll(() => page.locator('.kind-saved').innerText().catch(() => ''), { timeout: 10_000 }).toContain('Tersimpan: noise-level versi 1.');
    await expect.poll(() => kindRow('noise-level').innerText().catch(() => ''), { timeout: 10_000 }).toContain('Kebisingan');
    expect(await kindRow('noise-level').innerText()).toContain('buatan');
    expect(await page.locator('.kind-detail tr[data-field="laeqDb"]').innerText()).toMatch(/laeqDb[\s\S]*Tingkat bising[\s\S]*dB\(A\)[\s\S]*20 … 140/);
    expect(await page.locator('.kind-detail .detail-head').innerText()).toContain('teknisi-uji');
    await expect.poll(() => page.locator('.kind-detail tr[data-version="1"]').innerText().catch(() => ''), { timeout: 5_000 }).toContain('teknisi-uji');

    await page.locator('.devices-nav').getByRole('link', { name: 'Perangkat', exact: true }).click();
    await page.getByRole('button', { name: 'Daftarkan perangkat' }).click();
    const kindSelect = page.locator('form.register-form').getByLabel('Jenis');
    const options = await kindSelect.locator('option').evaluateAll((list) => list.map((option) => (option as unknown as { value: string }).value));
    expect(options.sort()).toEqual([...builtInKindNames, 'noise-level'].sort());
    expect(await kindSelect.locator('option[value="noise-level"]').innerText()).toBe('Kebisingan (noise-level)');

    // A device of the new kind: registered through the form, listed with the kind's label.
    const form = page.locator('form.register-form');
    await form.getByLabel('ID perangkat').fill('nl-uji-1');
    await kindSelect.selectOption('noise-level');
    await form.getByLabel('Nama').fill('Sensor Bising Uji');
    await form.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await expect.poll(() => page.locator('tr[data-device-id="nl-uji-1"]').innerText().catch(() => ''), { timeout: 10_000 }).toContain('Kebisingan');
    expect(await page.locator('.credential-panel').innerText()).toContain('{"laeqDb": 80, "peakDb": 90}'); // the example follows the profile
    await page.getByRole('button', { name: 'Sudah saya simpan' }).click();
    const latest = await page.locator('.latest-reading').innerText();
    expect(latest).toMatch(/Tingkat bising\s+laeqDb/);
    expect(latest).toContain('dB(A)');
    await page.screenshot({ path: `${artifacts}kinds-new-kind-device-1920x1080.png` });
  });

  it('switches the kinds page to English', async () => {
    await page.goto(`${base}/devices/kinds?kind=noise-level&lang=en`);
    await expect.poll(() => page.locator('.kind-detail').getAttribute('data-kind').catch(() => null), { timeout: 10_000 }).toBe('noise-level');
    const body = await page.locator('body').innerText();
    expect(body).toContain('Device kinds');
    expect(body).toContain('Noise level');
    expect(body).toContain('Headline field');
    expect(body).toContain('built-in');
    expect(body).not.toMatch(/Jenis perangkat|Kolom utama|bawaan|buatan|Riwayat versi/);
    await page.screenshot({ path: `${artifacts}kinds-1920x1080-en.png` });
  });

  it('shows a viewer the kinds without the editor', async () => {
    const { token } = await apiJson<{ token: string }>(base, '/api/tokens', { method: 'POST', body: { name: 'layar-uji', role: 'viewer' } });
    const context = await browser.newContext(pageOptions());
    try {
      const viewer = await context.newPage();
      await viewer.goto(`${base}/devices/kinds?kind=water-level&token=${token}&lang=id`);
      await expect.poll(() => viewer.locator('.kind-detail').getAttribute('data-kind').catch(() => null), { timeout: 10_000 }).toBe('water-level');
      await expect.poll(() => viewer.locator('.role-notice').innerText().catch(() => ''), { timeout: 10_000 }).toContain('Mengubah profil perlu peran engineer.');
      expect(await viewer.locator('tr[data-kind]').count()).toBe(builtInKindNames.length + 1);
      expect(await viewer.locator('.profile-editor').count()).toBe(0);
      expect(await viewer.locator('button[data-action="new-kind"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('logged no console errors but the refused save', () => {
    // Chromium logs every 4xx answer it fetched; the one refusal above was asked for.
    expect(consoleErrors.filter((text) => !/status of 400/.test(text))).toEqual([]);
  });
});
