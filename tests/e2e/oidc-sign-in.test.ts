import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuthProviders, SignedIn, User, WhoAmI } from '@kendali/contracts';
import { apiFetch, apiJson, startTestPlatform, type TestPlatform } from '@kendali/test-support';
import { startIdentityProvider, type IdentityProvider } from './identity-provider';

/**
 * Single sign-on end to end: the platform signs people in through a real OpenID Connect provider
 * (oidc-provider), driven over real HTTP as a browser would (redirects followed, cookies kept per
 * site, the provider's sign-in and consent forms submitted).
 */

let idp: IdentityProvider;
let kendali: TestPlatform;
let base: string;
const callbackPath = '/api/auth/oidc/callback';

beforeAll(async () => {
  idp = await startIdentityProvider();
  kendali = await startTestPlatform('oidc', {
    KENDALI_OIDC_ISSUER: idp.issuer,
    KENDALI_OIDC_CLIENT_ID: 'kendali',
    KENDALI_OIDC_CLIENT_SECRET: 'rahasia-klien-kendali-0123456789',
    KENDALI_OIDC_NAME: 'Keycloak Pemkot',
    KENDALI_OIDC_ROLE_CLAIM: 'realm_access.roles',
    KENDALI_OIDC_ROLE_MAP: 'kendali-admin=admin,kendali-ops=operator,kendali-wall=viewer',
    KENDALI_OIDC_DEPARTMENT_CLAIM: 'department',
  });
  base = kendali.platform.addresses.http;
  idp.register({ clientId: 'kendali', clientSecret: 'rahasia-klien-kendali-0123456789', redirectUri: `${base}${callbackPath}` });
  idp.accounts.set('rahma', { name: 'Rahma Wulandari', roles: ['staff', 'kendali-admin'], department: 'Diskominfo' });
  idp.accounts.set('budi', { name: 'Budi Santoso', roles: ['kendali-wall'] });
  idp.accounts.set('tamu', { name: 'Tamu Dinas', roles: ['staff'] });
  idp.accounts.set('admin', { name: 'Not the local admin', roles: ['kendali-admin'] });
}, 60_000);

afterAll(async () => {
  await kendali?.stop();
  await idp?.close();
});

/** A browser's cookie jar and redirect following, over fetch. Cookies are kept per origin. */
class Browser {
  readonly #cookies = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.#cookies.get(origin)?.get(name);
  }

  async request(url: URL, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const jar = this.#cookies.get(url.origin) ?? new Map<string, string>();
    this.#cookies.set(url.origin, jar);
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...init.headers,
        ...(jar.size > 0 ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=.*1970/i.test(attribute));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /** Kendali's API with this browser's session: the cookie, and the CSRF token on writes. */
  async api(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    const session = await this.request(new URL('/api/auth/session', base));
    const csrf = ((await session.json()) as SignedIn | null)?.csrfToken ?? '';
    const url = new URL(path, base);
    const jar = this.#cookies.get(url.origin) ?? new Map();
    return fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.method && init.method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  }
}

interface Hooks {
  /** Changes the request to the provider's authorization endpoint (as an attacker between the two might). */
  readonly authorize?: (url: URL) => void;
  /** Changes the provider's redirect back to Kendali; answering true stops there, leaving that URL unvisited. */
  readonly callback?: (url: URL) => boolean | void;
  /** The person cancels on the provider's sign-in page instead of signing in. */
  readonly cancel?: true;
}

/** A sign-in as a browser makes it: from Kendali's start through the provider's pages to where Kendali lands the person. */
async function signIn(browser: Browser, login: string, { returnTo, hooks = {} }: { returnTo?: string; hooks?: Hooks } = {}): Promise<URL> {
  let url = new URL(`/api/auth/oidc/start${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`, base);
  let form: Record<string, string> | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.origin === idp.issuer && url.pathname === '/auth') hooks.authorize?.(url);
    if (url.origin === new URL(base).origin && url.pathname === callbackPath && hooks.callback?.(url) === true) return url;
    const response = await browser.request(url, form ? { method: 'POST', form } : {});
    form = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      const next = new URL(location, url);
      if (next.origin === new URL(base).origin && !next.pathname.startsWith('/api/')) return next; // landed on a dashboard page
      url = next;
      continue;
    }
    const page = await response.text();
    if (response.status !== 200 || url.origin !== idp.issuer) throw new Error(`${url.href} answered ${response.status}: ${page.slice(0, 300)}`);
    // The provider's sign-in page (login and password) or its consent page: submit it.
    const abort = /href="([^"]*\/abort)"/.exec(page)?.[1];
    if (hooks.cancel && abort !== undefined) {
      url = new URL(abort, url);
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (action === undefined) throw new Error(`no form on ${url.href}: ${page.slice(0, 300)}`);
    form = Object.fromEntries([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
    if (page.includes('name="login"')) Object.assign(form, { login, password: 'any password will do' });
    url = new URL(action.replaceAll('&amp;', '&'), url);
  }
  throw new Error('the sign-in went round in circles');
}

const signInError = (landed: URL) => landed.searchParams.get('signInError');
const audit = async () => apiJson<AuditEntry[]>(base, `/api/audit?limit=50`);

describe('single sign-on through OpenID Connect', () => {
  it('offers the provider by name to the sign-in page, beside passwords', async () => {
    const providers = await (await fetch(`${base}/api/auth/providers`)).json() as AuthProviders;
    expect(providers).toEqual({ password: true, oidc: { name: 'Keycloak Pemkot', startUrl: '/api/auth/oidc/start' } });
  });

  it('signs in a person whose role claim maps to admin, who then acts as themself, and records it', async () => {
    const browser = new Browser();
    const landed = await signIn(browser, 'rahma', { returnTo: '/ops?district=Benda' });
    expect(`${landed.pathname}${landed.search}`).toBe('/ops?district=Benda');
    expect(browser.cookie(new URL(base).origin, 'kendali_session')).toMatch(/^[\w-]{40,}$/);
    const whoami = await (await browser.api('/api/auth/whoami')).json() as WhoAmI;
    expect(whoami).toMatchObject({ via: 'session', username: 'rahma', name: 'Rahma Wulandari', role: 'admin' });
    const token = await browser.api('/api/tokens', { method: 'POST', body: { name: 'dinding lobi', role: 'viewer' } });
    expect(token.status).toBe(201);
    const account = await apiJson<User>(base, '/api/users/rahma');
    expect(account).toMatchObject({ username: 'rahma', displayName: 'Rahma Wulandari', role: 'admin', department: 'Diskominfo', source: 'oidc', enabled: true });
    const trail = await audit();
    expect(trail.find((entry) => entry.action === 'POST /api/tokens')).toMatchObject({ actor: 'Rahma Wulandari', role: 'admin', status: 201 });
    const signedIn = trail.find((entry) => entry.action === 'sign-in' && entry.target === 'rahma');
    expect(signedIn).toMatchObject({ actor: 'Rahma Wulandari', role: 'admin', status: 302, address: '127.0.0.1' });
    expect(JSON.parse(signedIn!.summary)).toEqual({ provider: 'Keycloak Pemkot', outcome: 'signed in' });
    // An account of the provider has no password here: none signs it in, none may be set.
    const byPassword = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rahma', password: 'any password will do' }) });
    expect(byPassword.status).toBe(401);
    const setPassword = await apiFetch(base, '/api/users/rahma', { method: 'PATCH', body: { password: 'pintu-air-sepuluh-2026' } });
    expect(setPassword.status).toBe(409);
    expect((await setPassword.json() as { error: { code: string } }).error.code).toBe('KENDALI_ERR_USER_EXTERNAL');
  });

  it('lets a person mapped to viewer look but not acknowledge an alarm, and re-maps the role at the next sign-in', async () => {
    const browser = new Browser();
    expect((await signIn(browser, 'budi')).pathname).toBe('/');
    expect((await browser.api('/api/alarms')).status).toBe(200);
    const ack = await browser.api('/api/alarms/none/ack', { method: 'POST', body: {} });
    expect(ack.status).toBe(403);
    expect((await ack.json() as { error: unknown }).error).toEqual({ code: 'KENDALI_ERR_FORBIDDEN', message: 'This route needs the operator role; the token has viewer' });

    idp.accounts.set('budi', { name: 'Budi Santoso, S.T.', roles: ['kendali-wall', 'kendali-ops'] });
    await signIn(browser, 'budi');
    expect(await (await browser.api('/api/auth/whoami')).json()).toMatchObject({ username: 'budi', name: 'Budi Santoso, S.T.', role: 'operator' });
    const ackAgain = await browser.api('/api/alarms/none/ack', { method: 'POST', body: {} });
    expect((await ackAgain.json() as { error: { code: string } }).error.code).toBe('KENDALI_ERR_ALARM_NOT_FOUND'); // past the role check
  });

  it('refuses a person whose claim maps to no role, back on the page they came from, and makes no account', async () => {
    const browser = new Browser();
    const landed = await signIn(browser, 'tamu', { returnTo: '/ops?lang=en' });
    expect(`${landed.pathname}${landed.search}`).toBe('/ops?lang=en&signInError=KENDALI_ERR_OIDC_NO_ROLE'); // back where the button was, to say why
    expect(browser.cookie(new URL(base).origin, 'kendali_session')).toBeUndefined();
    expect((await apiFetch(base, '/api/users/tamu')).status).toBe(404);
    expect((await audit()).find((entry) => entry.target === 'tamu')).toMatchObject({ actor: 'tamu', role: null, action: 'sign-in-failed' });
  });

  it('refuses a changed state, a changed nonce and a changed PKCE challenge', async () => {
    const state = await signIn(new Browser(), 'rahma', { hooks: { callback: (url) => void url.searchParams.set('state', 'state-of-another-sign-in') } });
    expect(signInError(state)).toBe('KENDALI_ERR_OIDC_STATE');
    const nonce = await signIn(new Browser(), 'rahma', { hooks: { authorize: (url) => url.searchParams.set('nonce', 'nonce-of-another-sign-in') } });
    expect(signInError(nonce)).toBe('KENDALI_ERR_OIDC_REFUSED');
    // The challenge of a verifier Kendali never made: the provider refuses the code for Kendali's verifier.
    const pkce = await signIn(new Browser(), 'rahma', { hooks: { authorize: (url) => url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM') } });
    expect(signInError(pkce)).toBe('KENDALI_ERR_OIDC_REFUSED');
  });

  it('sends a person who cancels at the provider back where they were, signed out', async () => {
    const browser = new Browser();
    const landed = await signIn(browser, 'rahma', { returnTo: '/wall', hooks: { cancel: true } });
    expect(`${landed.pathname}${landed.search}`).toBe('/wall?signInError=KENDALI_ERR_OIDC_REFUSED');
    expect(browser.cookie(new URL(base).origin, 'kendali_session')).toBeUndefined();
  });

  it('takes a code back only in the browser that began the sign-in, and only once', async () => {
    const victim = new Browser();
    let callback: URL | undefined;
    await signIn(victim, 'rahma', { hooks: { callback: (url) => ((callback = new URL(url)), true) } });
    // Another browser handed the same callback (a sign-in forced on someone else) has no sign-in under way.
    const other = new Browser();
    const elsewhere = await other.request(callback!);
    expect(elsewhere.headers.get('location')).toBe('/?signInError=KENDALI_ERR_OIDC_STATE');
    expect(other.cookie(new URL(base).origin, 'kendali_session')).toBeUndefined();
    const own = await victim.request(callback!);
    expect(own.headers.get('location')).toBe('/');
    expect(victim.cookie(new URL(base).origin, 'kendali_session')).toBeDefined();
    const again = await new Browser().request(callback!);
    expect(again.headers.get('location')).toBe('/?signInError=KENDALI_ERR_OIDC_STATE');
  });

  it('never takes over a local account of the same name, and keeps a disabled account out', async () => {
    expect(signInError(await signIn(new Browser(), 'admin'))).toBe('KENDALI_ERR_OIDC_ACCOUNT_CONFLICT');
    expect(await apiJson<User>(base, '/api/users/admin')).toMatchObject({ source: 'local', displayName: expect.not.stringContaining('Not the local admin') });

    const browser = new Browser();
    await signIn(browser, 'rahma');
    expect((await browser.api('/api/auth/whoami')).status).toBe(200);
    expect((await apiFetch(base, '/api/users/rahma', { method: 'PATCH', body: { enabled: false } })).status).toBe(200);
    expect((await browser.api('/api/auth/whoami')).status).toBe(401); // the session ended with the account
    expect(signInError(await signIn(browser, 'rahma'))).toBe('KENDALI_ERR_OIDC_ACCOUNT_DISABLED');
  });

  it('sends the person back only to a path of this site', async () => {
    for (const returnTo of ['//evil.example/ops', '/\\evil.example', 'https://evil.example/']) {
      const start = await fetch(`${base}/api/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
      expect(start.status, returnTo).toBe(400);
    }
  });
});
