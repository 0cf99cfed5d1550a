import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let base: string;
let authorization: string;

beforeAll(async () => {
  api = await openApiUnderTest('live-clients-metric');
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  ({ authorization } = await api.bearer('viewer'));
});

afterAll(() => api?.close());

const liveClientsGauge = async () => {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization } })).text();
  const line = /^kendali_live_clients (\d+)$/m.exec(text);
  if (line === null) throw new Error(`no kendali_live_clients line in /metrics:\n${text.slice(0, 2_000)}`);
  return Number(line[1]);
};

describe('kendali_live_clients', () => {
  it('counts an open /api/live stream, and drops it once the client is gone', async () => {
    expect(await liveClientsGauge()).toBe(0);
    const controller = new AbortController();
    const response = await fetch(`${base}/api/live`, { headers: { authorization }, signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read(); // the stream is open and sending
    expect(await liveClientsGauge()).toBe(1);
    controller.abort();
    await reader.read().catch(() => undefined);
    await expect.poll(liveClientsGauge, { timeout: 10_000 }).toBe(0);
  });
});
