import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiJson, chromiumPath, launchChromium, makeTempDir, openWatchedPage, systemSuite, testedVersions, startTestPlatform, type TestPlatform } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** `/ops/audit` against the live platform: who changed what, and a chain that shows an edit made to the database file. */
describe.skipIf(!suite.available)(suite.title('/ops/audit in a real browser: the audit log and its hash chain'), () => {
  let data: { path: string; remove: () => Promise<void> };
  let running: TestPlatform | undefined;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const base = () => running!.platform.addresses.http;
  const start = async () => {
    running = await startTestPlatform('browser-audit', { KENDALI_DATA_DIR: data.path });
  };
  let admin = '';
  let operator = '';

  beforeAll(async () => {
    data = await makeTempDir('audit-data');
    await mkdir(artifacts, { recursive: true });
    await start();
    ({ token: admin } = await apiJson<{ token: string }>(base(), '/api/tokens', { method: 'POST', body: { name: 'Admin Diskominfo', role: 'admin' } }));
    ({ token: operator } = await apiJson<{ token: string }>(base(), '/api/tokens', { method: 'POST', body: { name: 'Operator Siang', role: 'operator' } }));
    await apiJson(base(), '/api/devices', { method: 'POST', token: admin, body: { id: 'wl-audit-1', kind: 'water-level', name: 'Pos Bulakan', district: 'Periuk' } });
    await apiJson(base(), '/api/devices/wl-audit-1', { method: 'PATCH', token: admin, body: { name: 'Pos Bulakan Hilir' } });
    browser = await launchChromium();
    page = await openWatchedPage(browser, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await data?.remove();
  });

  it('shows an admin every change, filters by target, and finds the chain whole', async () => {
    await page.goto(`${base()}/ops?token=${admin}&lang=id`);
    await page.locator('.devices-nav').getByRole('link', { name: 'Log audit' }).click();
    expect(new URL(page.url()).pathname).toBe('/ops/audit');
    await expect.poll(() => page.locator('.audit-table tbody tr').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    const newest = page.locator('.audit-table tbody tr').first();
    expect(await newest.locator('code').first().innerText()).toBe('PATCH /api/devices/:id');
    expect(await newest.innerText()).toContain('Admin Diskominfo');
    expect(await newest.innerText()).toContain('wl-audit-1');

    await page.getByLabel('Sasaran').fill('wl-audit-1');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await expect.poll(() => page.locator('.audit-table tbody tr').count()).toBe(2);

    await page.getByRole('button', { name: 'Periksa rantai' }).click();
    await expect.poll(() => page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('ok');
    expect(await page.locator('[data-verdict]').innerText()).toMatch(/Rantai utuh: \d+ entri diperiksa/);
    await page.screenshot({ path: `${artifacts}audit-id.png` });
    expect(consoleErrors).toEqual([]);
  });

  it('is not offered to an operator, and says why when opened', async () => {
    await page.goto(`${base()}/ops?token=${operator}&lang=en`);
    await expect.poll(() => page.locator('.devices-nav a').count()).toBeGreaterThan(0);
    expect(await page.locator('.devices-nav').getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await page.goto(`${base()}/ops/audit?token=${operator}&lang=en`);
    await expect.poll(() => page.locator('.role-notice').innerText()).toContain('The audit log is for admins only');
    expect(await page.locator('.audit-table').count()).toBe(0);
  });

  it('names the entry edited in the database file while Kendali was stopped', async () => {
    const entries = await apiJson<{ seq: number; action: string }[]>(base(), '/api/audit?target=wl-audit-1', { token: admin });
    const patched = entries.find((entry) => entry.action === 'PATCH /api/devices/:id')!;
    await running!.stop(); // removes only its own empty folder: the data is in ours
    const instance = await DuckDBInstance.create(join(data.path, 'kendali.duckdb'));
    const connection = await instance.connect();
    await connection.run(`UPDATE audit_log SET actor = 'Orang Lain' WHERE seq = ${patched.seq}`);
    connection.closeSync();
    instance.closeSync();
    await start();

    await page.goto(`${base()}/ops/audit?token=${admin}&lang=en`);
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect.poll(() => page.locator('[data-verdict]').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('broken');
    expect(await page.locator('[data-verdict]').innerText()).toContain(`Chain broken at entry ${patched.seq}: entry ${patched.seq} was changed after it was written`);
    await page.screenshot({ path: `${artifacts}audit-broken-en.png` });
  });
});
