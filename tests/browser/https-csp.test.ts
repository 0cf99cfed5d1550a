import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@kendali/platform';
import { chromiumPath, launchChromium, makeTempDir, makeThrowawayCa, pageOptions, startTestPlatform, systemSuite, testAdminToken, testedVersions } from '@kendali/test-support';

const browserSuite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const ssl = systemSuite('/usr/bin/openssl', 'apt-get install openssl', testedVersions.openssl);
const available = browserSuite.available && ssl.available;

/** The parts of the page's DOM used here (these tests compile without the DOM library). */
interface PageDocument {
  addEventListener(type: 'securitypolicyviolation', listener: (event: { effectiveDirective: string; blockedURI: string }) => void): void;
  createElement(tag: 'script'): { textContent: string };
  readonly head: { append(node: unknown): void };
  readonly fonts: Iterable<{ readonly family: string; readonly status: string }>;
}

interface Violation {
  readonly directive: string;
  readonly blocked: string;
}

/**
 * The dashboard and the API docs under their Content-Security-Policy, over HTTPS, in Chromium:
 * every page draws, and the browser reports no violation (a `securitypolicyviolation` event or a
 * console error).
 */
describe.skipIf(!available)(ssl.title(browserSuite.title('the dashboard over HTTPS under its Content-Security-Policy')), () => {
  let platform: Platform;
  let stopPlatform: (() => Promise<void>) | undefined;
  let certs: Awaited<ReturnType<typeof makeTempDir>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    certs = await makeTempDir('https-csp-ca');
    const files = makeThrowawayCa(certs.path);
    ({ platform, stop: stopPlatform } = await startTestPlatform('https-csp', {
      KENDALI_HTTP_TLS_CERT: files.certFile,
      KENDALI_HTTP_TLS_KEY: files.keyFile,
      // A few simulated devices so the map, charts and alarm lists draw something.
      KENDALI_SIMULATE: '1',
      KENDALI_SIMULATE_DEVICES: '30',
    }));
    browser = await launchChromium();
    const context = await browser.newContext({ ...pageOptions(), ignoreHTTPSErrors: true });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.addInitScript(() => {
      const seen: { directive: string; blocked: string }[] = [];
      Object.assign(globalThis, { kendaliCspViolations: seen });
      (globalThis as unknown as { document: PageDocument }).document.addEventListener('securitypolicyviolation', (event) => seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI }));
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stopPlatform?.();
    await certs?.remove();
  });

  const violations = () => page.evaluate(() => (globalThis as unknown as { kendaliCspViolations: Violation[] }).kendaliCspViolations);

  it('draws every page of the dashboard with no violation', async () => {
    const response = await page.goto(`${platform.addresses.http}/wall?token=${testAdminToken}&lang=en`, { timeout: 60_000 });
    expect(response?.url()).toMatch(/^https:/);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await expect.poll(() => page.locator('.marker-entry[data-state="online"] strong').innerText(), { timeout: 30_000 }).toMatch(/[1-9]/);
    await expect.poll(() => page.locator('.link').innerText(), { timeout: 30_000 }).toContain('Live');
    // The fonts the dashboard ships came through font-src.
    const loadedFonts = await page.evaluate(() => [...(globalThis as unknown as { document: PageDocument }).document.fonts].filter((face) => face.status === 'loaded').map((face) => face.family));
    expect(loadedFonts.length).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);

    await page.goto(`${platform.addresses.http}/ops?token=${testAdminToken}&lang=en`, { timeout: 60_000 });
    await expect.poll(() => page.locator('.ops-map-svg path').count(), { timeout: 30_000 }).toBeGreaterThan(10);
    expect(await violations()).toEqual([]);

    // The other pages, each drawn once its own part is on screen.
    const pages = [
      ['/devices', '.devices-header'],
      ['/devices/kinds', 'tr[data-kind]'],
      ['/ops/compare', '.compare-panel'],
      ['/ops/audit', '.audit-filters'],
    ] as const;
    for (const [path, drawn] of pages) {
      await page.goto(`${platform.addresses.http}${path}?token=${testAdminToken}&lang=en`, { timeout: 60_000 });
      await expect.poll(() => page.locator(drawn).count(), { timeout: 30_000, message: `${path}: ${drawn}` }).toBeGreaterThan(0);
      expect(await violations(), path).toEqual([]);
    }
    expect(consoleErrors).toEqual([]);
  });

  it('draws the API docs at /docs with no violation (their policy alone allows inline styles)', async () => {
    const response = await page.goto(`${platform.addresses.http}/docs`, { timeout: 60_000 });
    expect(response?.headers()['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    await expect.poll(() => page.locator('.swagger-ui .opblock').count(), { timeout: 30_000 }).toBeGreaterThan(10);
    expect(await violations()).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('does block what the policy forbids: an inline script injected into the page', async () => {
    await page.goto(`${platform.addresses.http}/wall?token=${testAdminToken}`, { timeout: 60_000 });
    await page.evaluate(() => {
      const { document } = globalThis as unknown as { document: PageDocument };
      const script = document.createElement('script');
      script.textContent = 'globalThis.kendaliInjected = true';
      document.head.append(script);
    });
    await expect.poll(violations).toEqual([{ directive: 'script-src-elem', blocked: 'inline' }]);
    expect(await page.evaluate(() => (globalThis as { kendaliInjected?: boolean }).kendaliInjected)).toBeUndefined();
  });
});
