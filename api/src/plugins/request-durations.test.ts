import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let base: string;
let authorization: string;

beforeAll(async () => {
  api = await openApiUnderTest('request-durations');
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  ({ authorization } = await api.bearer('viewer'));
});

afterAll(() => api?.close());

const metrics = async () => (await fetch(`${base}/metrics`, { headers: { authorization } })).text();

/** `_count` of the HTTP histogram for one method, route and code, 0 where there is no such series. */
const requests = (text: string, method: string, route: string, code: string) => {
  for (const line of text.split('\n')) {
    if (!line.startsWith('kendali_http_request_duration_seconds_count{')) continue;
    if (line.includes(`method="${method}"`) && line.includes(`route="${route}"`) && line.includes(`code="${code}"`)) return Number(line.split(' ').at(-1));
  }
  return 0;
};

describe('kendali_http_request_duration_seconds', () => {
  it('times each answered request under its route pattern and status, and leaves live streams out', async () => {
    expect((await fetch(`${base}/api/devices/wl-unknown-1`, { headers: { authorization } })).status).toBe(404);
    expect((await fetch(`${base}/api/devices/wl-unknown-2`, { headers: { authorization } })).status).toBe(404);
    expect((await fetch(`${base}/no/such/page`)).status).toBe(404);

    const controller = new AbortController();
    const stream = await fetch(`${base}/api/live`, { headers: { authorization }, signal: controller.signal });
    const reader = stream.body!.getReader();
    await reader.read(); // open and sending
    controller.abort();
    await reader.read().catch(() => undefined);
    await expect.poll(async () => /^kendali_live_clients (\d+)$/m.exec(await metrics())?.[1], { timeout: 10_000 }).toBe('0');

    const text = await metrics();
    expect(requests(text, 'GET', '/api/devices/:id', '404')).toBe(2); // one series for every id
    expect(text).not.toContain('wl-unknown');
    expect(requests(text, 'GET', 'unmatched', '404')).toBe(1); // no route: not one series per address tried
    expect(text).not.toContain('/no/such/page');
    expect(requests(text, 'GET', '/metrics', '200')).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/^kendali_http_request_duration_seconds_count\{[^}]*route="\/api\/live"/m);
  });
});
