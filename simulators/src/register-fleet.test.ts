import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFleet } from './fleet';
import { registerFleet } from './register-fleet';
import { unusedPort } from './testing/real-broker';

interface Received {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections(); // fetch keeps connections alive for seconds
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A real HTTP server that records requests and answers with `answer(request)`. */
async function fakeRegistry(answer: (received: Received) => { status: number; body: unknown }): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const entry = { method: request.method, url: request.url, authorization: request.headers.authorization, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
      received.push(entry);
      const { status, body } = answer(entry);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received };
}

describe('registerFleet', () => {
  it('PUTs every device with its kind, name, district, position, install date and metadata, and returns each secret', async () => {
    const fleet = buildFleet({ devices: 20 });
    const existing = new Set(fleet.slice(0, 5).map((d) => d.id));
    // A new device's secret comes with its registration; an existing one's is rotated.
    const registry = await fakeRegistry(({ method, url }) => {
      const id = url!.split('/')[3]!;
      if (method === 'POST') return { status: 200, body: { id, secret: `rotated-${id}` } };
      return existing.has(id) ? { status: 200, body: {} } : { status: 201, body: { secret: `new-${id}` } };
    });
    const secrets = await registerFleet({ apiUrl: registry.url, fleet, token: 'admin-token' });
    expect(registry.received.filter((r) => r.method === 'PUT')).toHaveLength(20);
    expect(registry.received.filter((r) => r.method === 'POST').map((r) => r.url).sort()).toEqual([...existing].map((id) => `/api/devices/${id}/credentials`).sort());
    expect(secrets.get(fleet[0]!.id)).toBe(`rotated-${fleet[0]!.id}`);
    expect(secrets.get(fleet[10]!.id)).toBe(`new-${fleet[10]!.id}`);
    expect(secrets.size).toBe(20);
    const device = fleet[3];
    expect(registry.received.find((entry) => entry.url === `/api/devices/${device?.id}`)).toEqual({
      method: 'PUT',
      url: `/api/devices/${device?.id}`,
      authorization: 'Bearer admin-token',
      body: {
        kind: device?.kind, name: device?.name, district: device?.district, lat: device?.lat, lon: device?.lon, installDate: device?.installDate,
        metadata: { simulated: true, ...device?.metadata },
      },
    });
    const post = fleet.find((candidate) => candidate.kind === 'water-level');
    expect(registry.received.find((entry) => entry.url === `/api/devices/${post?.id}`)?.body).toMatchObject({ metadata: { simulated: true, gate: 'pintu-air-10', river: 'Cisadane' } });
  });

  it('registers a large fleet with one bulk import and rotates only the devices already registered', async () => {
    const fleet = buildFleet({ devices: 150 });
    const existing = new Set(fleet.slice(0, 3).map((d) => d.id));
    const registry = await fakeRegistry(({ url, body }) => {
      if (url === '/api/devices/import') {
        const rows = body as { id: string }[];
        const created = rows.filter((row) => !existing.has(row.id));
        return { status: 200, body: { credentials: created.map((row) => ({ id: row.id, secret: `new-${row.id}` })), toUpdate: [...existing] } };
      }
      const id = url!.split('/')[3]!;
      return { status: 200, body: { id, secret: `rotated-${id}` } };
    });
    const secrets = await registerFleet({ apiUrl: registry.url, fleet, token: 'admin-token' });
    expect(registry.received.map((entry) => `${entry.method} ${entry.url}`).sort()).toEqual(
      ['POST /api/devices/import', ...[...existing].map((id) => `POST /api/devices/${id}/credentials`)].sort(),
    );
    expect((registry.received[0]?.body as unknown[]).length).toBe(150);
    expect(secrets.size).toBe(150);
    expect(secrets.get(fleet[0]!.id)).toBe(`rotated-${fleet[0]!.id}`);
    expect(secrets.get(fleet[100]!.id)).toBe(`new-${fleet[100]!.id}`);
  });

  it('shows the first problems of a refused import', async () => {
    const registry = await fakeRegistry(() => ({ status: 400, body: { problems: [{ line: 4, id: 'x', message: 'district "Atlantis" is unknown' }] } }));
    await expect(registerFleet({ apiUrl: registry.url, fleet: buildFleet({ devices: 5 }), bulk: true })).rejects.toThrow(/answered 400: row 4: district "Atlantis" is unknown/);
  });

  it('stops with the API’s own error code and message', async () => {
    const registry = await fakeRegistry(() => ({ status: 401, body: { error: { code: 'KENDALI_ERR_UNAUTHORIZED', message: 'admin token required' } } }));
    await expect(registerFleet({ apiUrl: registry.url, fleet: buildFleet({ devices: 30 }) })).rejects.toMatchObject({
      code: 'KENDALI_ERR_SIM_REGISTER',
      message: expect.stringMatching(/answered 401: KENDALI_ERR_UNAUTHORIZED: admin token required/),
    });
    expect(registry.received.length).toBeLessThan(30);
  });

  it('says when the API cannot be reached', async () => {
    const apiUrl = `http://127.0.0.1:${await unusedPort()}`;
    await expect(registerFleet({ apiUrl, fleet: buildFleet({ devices: 1 }) })).rejects.toThrow(/cannot reach .*ECONNREFUSED/);
  });
});
