import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Display } from '@kendali/contracts';
import { apiFetch, apiJson, chromiumPath, launchChromium, openWatchedPage, startTestPlatform, systemSuite, testAdminToken, testedVersions, type TestPlatform } from '@kendali/test-support';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** The desk header at 1920 px: links of the page navigation broken over two lines, rows of links, and whether the header scrolls sideways. */
const deskHeaderProblems = async (page: Page) => ({
  rows: new Set(await page.locator('.devices-nav a').evaluateAll((links) => links.map((link) => Math.round(link.getBoundingClientRect().top)))).size,
  wrapped: await page.locator('.devices-nav a').evaluateAll((links) =>
    links
      .filter((link) => {
        const range = (link.ownerDocument as unknown as { createRange(): { selectNodeContents(node: unknown): void; getClientRects(): { length: number } } }).createRange();
        range.selectNodeContents(link);
        return range.getClientRects().length > 1;
      })
      .map((link) => link.textContent),
  ),
  overflows: await page.locator('.devices-header').evaluate((header) => header.scrollWidth > header.clientWidth),
});

/**
 * A wall screen paired by the code it shows: the wall in Chromium without a token shows a code, an
 * admin confirms it through the API, the wall shows the live city with its display credential; the
 * credential reads the live stream and nothing of the registry; revoking it on /ops/displays ends its
 * stream and the wall says, in both languages, that it was signed out, and shows a new code, with
 * which it is paired again.
 */
describe.skipIf(!suite.available)(suite.title('/wall paired as a wall screen, then revoked'), () => {
  let running: TestPlatform;
  let browser: Browser;
  let wall: Page;
  const consoleErrors: string[] = [];
  const base = () => running.platform.addresses.http;
  const shownCode = () => wall.locator('.wall-pairing-code').getAttribute('data-code', { timeout: 20_000 });
  const onlineFigure = () => wall.locator('[data-kpi="devices"] .kpi-figure').innerText();
  /** The credential the wall keeps (the page's token in local storage). */
  const keptCredential = () => wall.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('kendali.token'));

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    running = await startTestPlatform('browser-wall-pairing', { KENDALI_SIMULATE: '1', KENDALI_SIMULATE_DEVICES: '20', KENDALI_SIMULATE_RATE: '1' });
    browser = await launchChromium();
    wall = await openWatchedPage(browser, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('pairs a wall by its code, shows the live city, and gives it a credential that reads the wall only', async () => {
    await wall.goto(`${base()}/wall?lang=id`);
    expect(await wall.locator('.wall-pairing h1').innerText()).toBe('Pasangkan layar ini');
    const code = await shownCode();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await wall.screenshot({ path: `${artifacts}wall-pairing-id.png` });

    const display = await apiJson<Display>(base(), `/api/displays/pairings/${code}/confirm`, { method: 'POST', body: { name: 'Dinding 1, LIVE Room', validDays: 30 } });
    expect(display).toMatchObject({ name: 'Dinding 1, LIVE Room', revokedAt: null });
    // The wall fetches its credential by itself, then reads the city like any wall.
    await expect.poll(() => wall.locator('.wall-pairing').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(async () => Number((await onlineFigure().catch(() => '')).replace(/\D/g, '') || 0), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(consoleErrors).toEqual([]);

    const credential = await keptCredential();
    expect(credential).toMatch(/^kdd_/);
    const whoami = await apiJson<{ via: string; name: string }>(base(), '/api/auth/whoami', { token: credential! });
    expect(whoami).toMatchObject({ via: 'display', name: 'Dinding 1, LIVE Room' });
    const registry = await apiFetch(base(), '/api/devices', { token: credential! });
    expect(registry.status).toBe(403);
    expect(((await registry.json()) as { error: { code: string } }).error.code).toBe('KENDALI_ERR_DISPLAY_FORBIDDEN');
    expect((await apiFetch(base(), '/metrics', { token: credential! })).status).toBe(403);
  });

  it('ends the display’s live stream when an admin revokes it on /ops/displays, and the wall says it was signed out, in both languages, and is paired again', async () => {
    const credential = (await keptCredential())!;
    const live = await fetch(`${base()}/api/live?token=${encodeURIComponent(credential)}`, { headers: { accept: 'text/event-stream' } });
    expect(live.status).toBe(200);
    const reader = live.body!.getReader();
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return true;
    })();

    const desk = await openWatchedPage(browser, []);
    await desk.goto(`${base()}/ops/displays?lang=en&token=${encodeURIComponent(testAdminToken)}`);
    const row = desk.locator('tr[data-display="Dinding 1, LIVE Room"]');
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('active');
    await desk.screenshot({ path: `${artifacts}wall-screens-en.png` });
    expect(await deskHeaderProblems(desk)).toEqual({ rows: 1, wrapped: [], overflows: false });
    await desk.getByRole('button', { name: 'ID', exact: true }).click();
    await expect.poll(() => row.getByRole('button').innerText()).toBe('Cabut');
    await desk.screenshot({ path: `${artifacts}wall-screens-id.png` });
    expect(await deskHeaderProblems(desk)).toEqual({ rows: 1, wrapped: [], overflows: false });
    await row.getByRole('button', { name: 'Cabut' }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('revoked');
    await desk.close();

    expect(await ended).toBe(true); // the server closed the display's stream
    await expect.poll(() => wall.locator('[data-signed-out]').innerText().catch(() => ''), { timeout: 30_000 }).toContain('Layar ini telah dikeluarkan');
    expect(await shownCode()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await wall.screenshot({ path: `${artifacts}wall-signed-out-id.png` });

    // Reloaded in English with the revoked credential still kept: refused, and said so.
    await wall.goto(`${base()}/wall?lang=en`);
    await expect.poll(() => wall.locator('[data-signed-out]').innerText().catch(() => ''), { timeout: 30_000 }).toContain('This screen was signed out');
    expect(await wall.locator('.wall-pairing h1').innerText()).toBe('Pair this screen');
    expect((await apiFetch(base(), '/api/live', { token: credential })).status).toBe(401);

    // Paired again, the same page shows the live city without a reload.
    await apiJson<Display>(base(), `/api/displays/pairings/${await shownCode()}/confirm`, { method: 'POST', body: { name: 'Dinding 1, LIVE Room', validDays: 1 } });
    await expect.poll(() => wall.locator('.wall-pairing').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(async () => Number((await onlineFigure().catch(() => '')).replace(/\D/g, '') || 0), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await keptCredential()).not.toBe(credential);
  });

  it('still opens a wall from an old address with a viewer token in it', async () => {
    const { token } = await apiJson<{ token: string }>(base(), '/api/tokens', { method: 'POST', body: { name: 'Old wall URL', role: 'viewer' } });
    const old = await openWatchedPage(browser, []);
    await old.goto(`${base()}/wall?lang=id&token=${encodeURIComponent(token)}`);
    await expect.poll(async () => Number((await old.locator('[data-kpi="devices"] .kpi-figure').innerText().catch(() => '')).replace(/\D/g, '') || 0), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await old.locator('.wall-pairing').count()).toBe(0);
    await old.close();
  });
});
