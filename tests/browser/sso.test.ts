import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, pageOptions, startTestPlatform, systemSuite, testedVersions, type TestPlatform } from '@kendali/test-support';
import { startIdentityProvider, type IdentityProvider } from '../e2e/identity-provider';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

/**
 * Single sign-on as a person does it, in Chromium: the dashboard at `localhost` and the provider at
 * `127.0.0.1`, two sites, so the cookie of the sign-in under way must come back on a navigation from
 * another site (SameSite=Lax) and the session cookie (SameSite=Strict) must be usable once back.
 */
describe.skipIf(!suite.available)(suite.title('single sign-on in a real browser: the button, the provider, and back'), () => {
  let idp: IdentityProvider;
  let kendali: TestPlatform;
  let browser: Browser;
  let site = '';

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    idp = await startIdentityProvider();
    kendali = await startTestPlatform('browser-sso', {
      KENDALI_OIDC_ISSUER: idp.issuer,
      KENDALI_OIDC_CLIENT_ID: 'kendali',
      KENDALI_OIDC_CLIENT_SECRET: 'rahasia-klien-kendali-0123456789',
      KENDALI_OIDC_NAME: 'Keycloak Pemkot',
      KENDALI_OIDC_ROLE_CLAIM: 'realm_access.roles',
      KENDALI_OIDC_ROLE_MAP: 'kendali-ops=operator',
    });
    site = `http://localhost:${kendali.platform.addresses.httpPort}`;
    idp.register({ clientId: 'kendali', clientSecret: 'rahasia-klien-kendali-0123456789', redirectUri: `${site}/api/auth/oidc/callback` });
    idp.accounts.set('siti', { name: 'Siti Rahma', roles: ['kendali-ops'] });
    idp.accounts.set('tamu', { name: 'Tamu Dinas', roles: ['staff'] });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await kendali?.stop();
    await idp?.close();
  });

  /** A fresh browser profile (no cookies) on a dashboard page, signing in at the provider's pages as `login`. */
  async function signInAt(path: string, label: string, login: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(pageOptions());
    const page = await context.newPage();
    await page.goto(`${site}${path}`);
    await page.getByRole('link', { name: label }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password will do');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click(); // the provider asks to share the profile with Kendali
    await page.waitForURL((url) => url.origin === site);
    return { context, page };
  }

  it('offers "Masuk dengan Keycloak Pemkot" and comes back signed in, on the page the person was on', async () => {
    const { context, page } = await signInAt('/ops?lang=id', 'Masuk dengan Keycloak Pemkot', 'siti');
    expect(new URL(page.url()).pathname).toBe('/ops');
    const cookies = await context.cookies(site);
    expect(cookies.find((cookie) => cookie.name === 'kendali_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const who = await page.evaluate(async () => (await fetch('/api/auth/whoami')).json());
    expect(who).toMatchObject({ username: 'siti', name: 'Siti Rahma', role: 'operator', via: 'session' });
    await context.close();
  });

  it('says in the person\'s language why the provider\'s word was not enough, and leaves no session', async () => {
    const { context, page } = await signInAt('/devices?lang=en', 'Sign in with Keycloak Pemkot', 'tamu');
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('Your account at the identity provider is in no group that gives a role in Kendali');
    expect(new URL(page.url()).searchParams.has('signInError')).toBe(false); // a reload does not show it again
    expect((await context.cookies(site)).map((cookie) => cookie.name)).not.toContain('kendali_session');
    await page.screenshot({ path: `${artifacts}sso-refused-en.png` });
    await context.close();
  });
});
