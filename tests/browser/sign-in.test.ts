import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm, type AuditEntry } from '@kendali/contracts';
import { apiFetch, apiJson, chromiumPath, launchChromium, pageOptions, registerDevice, startTestPlatform, systemSuite, testedVersions, waitFor, type TestPlatform } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const postId = 'wl-masuk-cipondoh';
const adminPassword = 'menara-pandang-cisadane-2026';
const siti = { username: 'siti', displayName: 'Siti Rahma', role: 'operator', department: 'BPBD', password: 'pintu-air-sepuluh-2026' } as const;
const budi = { username: 'budi', displayName: 'Budi Santoso', role: 'viewer', password: 'jembatan-berendeng-2026' } as const;
const comment = 'Siti menuju pos Cipondoh';

/** People signing in to the dashboard with a password, acting as themselves, and signing out. */
describe.skipIf(!suite.available)(suite.title('signing in to the dashboard as a person, in a real browser'), () => {
  let running: TestPlatform;
  let browser: Browser;
  let operatorDesk: BrowserContext;
  let page: Page;
  let post: MqttClient;
  let alarmId = '';
  const problems: string[] = [];
  const base = () => running.platform.addresses.http;
  const alarmRow = () => page.locator(`.alarm-row[data-alarm-id="${alarmId}"]`);
  const signInWith = async (target: Page, username: string, password: string, submit: string) => {
    await target.getByLabel(/^(Nama pengguna|Username)$/).fill(username);
    await target.getByLabel(/^(Kata sandi|Password)$/).fill(password);
    await target.getByRole('button', { name: submit, exact: true }).click();
  };

  beforeAll(async () => {
    running = await startTestPlatform('browser-sign-in', { KENDALI_ADMIN_PASSWORD: adminPassword });
    for (const person of [siti, budi]) await apiJson(base(), '/api/users', { method: 'POST', body: person });
    const secret = await registerDevice(base(), postId, { kind: 'water-level', name: 'Pos Masuk Cipondoh', district: 'Cipondoh' });
    post = await connectAsync(running.platform.addresses.mqtt, { clientId: postId, username: postId, password: secret, reconnectPeriod: 0 });
    await post.publishAsync(deviceTopic(postId, 'telemetry'), JSON.stringify({ waterLevelCm: 420 }), { qos: 1 }); // Siaga 2
    alarmId = await waitFor(async () => (await apiJson<Alarm[]>(base(), `/api/alarms?device=${postId}&state=active`))[0]?.id, 'the Siaga 2 alarm', 10_000);
    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    operatorDesk = await browser.newContext(pageOptions());
    page = await operatorDesk.newPage();
    // The browser reports the answers these tests bring about (401: no session, a wrong password, an ended session;
    // 429: locked out) as failed loads; nothing else may go wrong.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of (401|429)\b/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await post?.endAsync(true);
    await browser?.close();
    await running?.stop();
  });

  it('signs an operator in with a password (in Bahasa Indonesia), keeps them signed in over a reload, and acknowledges an alarm as them', async () => {
    await page.goto(`${base()}/ops?lang=id`, { timeout: 60_000 });
    await expect.poll(() => page.locator('h1').innerText()).toBe('Masuk ke Kendali');
    const card = await page.locator('.sign-in-card').innerText();
    for (const words of ['Masuk dengan nama pengguna dan kata sandi akun Anda', 'Nama pengguna', 'Kata sandi', 'Pakai token API']) expect(card).toContain(words);

    await signInWith(page, siti.username, 'bukan-kata-sandinya-2026', 'Masuk');
    await expect.poll(() => page.locator('.sign-in-problem').innerText()).toContain('Nama pengguna atau kata sandi salah.');
    await signInWith(page, siti.username, siti.password, 'Masuk');
    await expect.poll(() => page.locator('.identity').innerText(), { timeout: 20_000 }).toMatch(/Siti Rahma\s*operator/);
    expect(await page.locator('.identity').getAttribute('title')).toBe('Masuk sebagai');
    const cookie = (await operatorDesk.cookies()).find((c) => c.name === 'kendali_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('kendali_session'); // out of the page's reach

    await page.reload();
    await expect.poll(() => page.locator('.identity').innerText(), { timeout: 20_000 }).toMatch(/Siti Rahma\s*operator/);
    await expect.poll(() => alarmRow().count(), { timeout: 20_000 }).toBe(1);
    await alarmRow().click();
    const detail = page.locator(`.alarm-detail[data-alarm-id="${alarmId}"]`);
    const ackForm = detail.locator('form[data-action="ack"]');
    await ackForm.getByLabel('Catatan penanganan').fill(comment);
    await ackForm.getByRole('button', { name: 'Tangani alarm' }).click();
    await expect.poll(() => detail.locator('.alarm-ack').innerText(), { timeout: 10_000 }).toContain('Siti Rahma (operator)');
    await page.screenshot({ path: `${artifacts}sign-in-operator-ack.png` });

    const alarm = await apiJson<{ alarm: Alarm }>(base(), `/api/alarms/${alarmId}`);
    expect(alarm.alarm).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Siti Rahma (operator)', ackComment: comment });
    const trail = await apiJson<AuditEntry[]>(base(), '/api/audit?actor=Siti%20Rahma');
    expect(trail.map(({ action, role, target, status }) => ({ action, role, target, status }))).toEqual([
      { action: 'POST /api/alarms/:id/ack', role: 'operator', target: alarmId, status: 200 },
      { action: 'sign-in', role: 'operator', target: 'siti', status: 200 },
    ]);
    expect(JSON.stringify(trail)).not.toContain(siti.password);
  });

  it("shows an admin, signed in in English, the operator's sign-in and acknowledgement on /ops/audit", async () => {
    const adminDesk = await browser.newContext(pageOptions());
    const adminPage = await adminDesk.newPage();
    await adminPage.goto(`${base()}/ops/audit?lang=en`);
    await expect.poll(() => adminPage.locator('h1').innerText()).toBe('Sign in to Kendali');
    await signInWith(adminPage, 'admin', adminPassword, 'Sign in');
    await expect.poll(() => adminPage.locator('.audit-table tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(2);
    const rows = adminPage.locator('.audit-table tbody tr', { hasText: 'Siti Rahma' });
    const texts = await rows.allInnerTexts();
    expect(texts.some((text) => text.includes('Signed in') && text.includes('operator'))).toBe(true);
    expect(texts.some((text) => text.includes('POST /api/alarms/:id/ack') && text.includes(alarmId))).toBe(true);
    const failed = adminPage.locator('.audit-table tbody tr', { has: adminPage.locator('[data-action="sign-in-failed"]') });
    expect(await failed.first().innerText()).toMatch(/Sign-in failed[\s\S]*siti/);
    await adminPage.screenshot({ path: `${artifacts}sign-in-audit-en.png` });
    await adminDesk.close();
  });

  it('signs out: back to the sign-in page, and the old cookie no longer opens anything', async () => {
    const cookie = (await operatorDesk.cookies()).find((c) => c.name === 'kendali_session')!;
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Masuk ke Kendali');
    expect(await page.locator('.sign-in-problem').count()).toBe(0);
    const replayed = await fetch(`${base()}/api/alarms`, { headers: { cookie: `kendali_session=${cookie.value}` } });
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { error: { code: string } }).error.code).toBe('KENDALI_ERR_SESSION_ENDED');
    const trail = await apiJson<AuditEntry[]>(base(), '/api/audit?actor=Siti%20Rahma&limit=1');
    expect(trail[0]).toMatchObject({ action: 'sign-out', role: 'operator', status: 204 });
  });

  it('says the session ended when an admin ends it under an open page, and how long a lock-out lasts, in words', async () => {
    await signInWith(page, budi.username, budi.password, 'Masuk');
    await expect.poll(() => page.locator('.identity').innerText(), { timeout: 20_000 }).toMatch(/Budi Santoso\s*viewer/);
    await expect.poll(() => alarmRow().count(), { timeout: 20_000 }).toBe(1);
    const disabled = await apiFetch(base(), '/api/users/budi', { method: 'PATCH', body: { enabled: false } });
    expect(disabled.status).toBe(200);
    await alarmRow().click(); // the page's next request meets the ended session
    await expect.poll(() => page.locator('.sign-in-problem').innerText(), { timeout: 10_000 }).toContain('Sesi Anda sudah berakhir. Silakan masuk lagi.');

    await apiFetch(base(), '/api/users/budi', { method: 'PATCH', body: { enabled: true } });
    for (let i = 0; i < 10; i++) {
      const guess = await fetch(`${base()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'budi', password: `tebakan-${i}-salah-lagi` }) });
      expect(guess.status).toBe(401);
    }
    await signInWith(page, budi.username, budi.password, 'Masuk');
    await expect.poll(() => page.locator('.sign-in-problem').innerText()).toContain('Terlalu banyak percobaan masuk yang gagal: masuk dikunci untuk sementara. Coba lagi dalam 15 menit');
    await page.screenshot({ path: `${artifacts}sign-in-locked-id.png` });
    expect(problems).toEqual([]);
  }, 60_000); // ten scrypt checks
});
