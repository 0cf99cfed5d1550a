import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

const proxy = '10.1.2.3';
const browser = '198.51.100.7';
const password = 'menara-air-cisadane-2026';
let direct: ApiUnderTest;
let proxied: ApiUnderTest;

beforeAll(async () => {
  direct = await openApiUnderTest('headers-direct');
  proxied = await openApiUnderTest('headers-proxied', { trustProxy: (address) => address === proxy });
  for (const api of [direct, proxied]) {
    const created = await api.app.inject({ method: 'POST', url: '/api/users', headers: await api.bearer('admin'), payload: { username: 'rina', displayName: 'Rina', role: 'viewer', password } });
    expect(created.statusCode).toBe(201);
  }
});

afterAll(async () => {
  await direct?.close();
  await proxied?.close();
});

const signIn = (api: ApiUnderTest, remoteAddress: string, headers: Record<string, string> = {}) =>
  api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'rina', password }, remoteAddress, headers });

/** The address the audit trail recorded for the newest sign-in: what the API took for the browser's. */
async function lastSignInAddress(api: ApiUnderTest): Promise<string | undefined> {
  const trail = (await api.app.inject({ url: '/api/audit?limit=50', headers: await api.bearer('admin') })).json<AuditEntry[]>();
  return trail.find((entry) => entry.action === 'sign-in')?.address;
}

describe('security headers', () => {
  it('puts a same-origin Content-Security-Policy, nosniff, no framing and no Referer on every answer, errors included', async () => {
    for (const url of ['/healthz', '/api/devices', '/no/such/page']) {
      const { headers } = await direct.app.inject({ url });
      expect(headers['content-security-policy']).toBe(
        "default-src 'self';base-uri 'self';connect-src 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self'",
      );
      expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    }
  });

  it('sends no Strict-Transport-Security over plain HTTP, and believes no X-Forwarded-Proto without a trusted proxy', async () => {
    expect((await direct.app.inject({ url: '/healthz' })).headers['strict-transport-security']).toBeUndefined();
    const forged = await signIn(direct, browser, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.1' });
    expect(forged.statusCode).toBe(200);
    expect(forged.headers['strict-transport-security']).toBeUndefined();
    expect(forged.cookies.find((cookie) => cookie.name === 'kendali_session')?.secure).toBeUndefined();
    expect(await lastSignInAddress(direct)).toBe(browser);
  });
});

describe('behind a trusted reverse proxy', () => {
  it('takes the browser’s HTTPS and address from the proxy: Strict-Transport-Security and a Secure cookie', async () => {
    const response = await signIn(proxied, proxy, { 'x-forwarded-proto': 'https', 'x-forwarded-for': browser });
    expect(response.statusCode).toBe(200);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(response.cookies.find((cookie) => cookie.name === 'kendali_session')).toMatchObject({ secure: true, httpOnly: true });
    expect(await lastSignInAddress(proxied)).toBe(browser);
  });

  it('issues no Secure cookie and no HSTS when the proxy says the browser used plain HTTP', async () => {
    const response = await signIn(proxied, proxy, { 'x-forwarded-proto': 'http', 'x-forwarded-for': browser });
    expect(response.statusCode).toBe(200);
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.cookies.find((cookie) => cookie.name === 'kendali_session')?.secure).toBeUndefined();
  });

  it('ignores forwarded headers from a peer that is not the proxy', async () => {
    const stranger = '203.0.113.20';
    const response = await signIn(proxied, stranger, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.cookies.find((cookie) => cookie.name === 'kendali_session')?.secure).toBeUndefined();
    expect(await lastSignInAddress(proxied)).toBe(stranger);
  });
});
