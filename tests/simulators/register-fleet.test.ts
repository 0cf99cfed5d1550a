import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from '@kendali/contracts';
import { buildFleet, registerFleet, type SimulatedDevice } from '@kendali/simulators';
import { apiJson, testAdminToken, startTestPlatform, type TestPlatform } from '@kendali/test-support';

// registerFleet against the real API, not a stand-in that could drift from it.
let test: TestPlatform;
let api: string;

beforeAll(async () => {
  test = await startTestPlatform('register-fleet');
  api = test.platform.addresses.http;
});

afterAll(async () => {
  await test?.stop();
});

/** Connects as the device with its secret: the broker's answer is the proof the secret is live. */
async function connectsWith(device: SimulatedDevice, secret: string): Promise<boolean> {
  const client = await connectAsync(test.platform.addresses.mqtt, { clientId: device.id, username: device.id, password: secret, reconnectPeriod: 0 }).catch(() => undefined);
  await client?.endAsync();
  return client !== undefined;
}

describe('registerFleet against the real API', () => {
  it('creates devices one by one, rotates the secrets of those already registered, and every secret connects', async () => {
    const fleet = buildFleet({ devices: 20, seed: 7 });
    const first = await registerFleet({ apiUrl: api, fleet: fleet.slice(0, 5), token: testAdminToken, bulk: false });
    const all = await registerFleet({ apiUrl: api, fleet, token: testAdminToken, bulk: false });
    expect(all.size).toBe(20);
    // The five registered twice got new secrets; the old ones no longer open a connection.
    expect(await connectsWith(fleet[0]!, first.get(fleet[0]!.id)!)).toBe(false);
    for (const device of [fleet[0]!, fleet[4]!, fleet[5]!, fleet[19]!]) expect(await connectsWith(device, all.get(device.id)!)).toBe(true);
    const post = fleet.find((device) => device.kind === 'water-level')!;
    const stored = await apiJson<Device>(api, `/api/devices/${post.id}`);
    expect(stored).toMatchObject({ kind: 'water-level', name: post.name, district: post.district, metadata: { simulated: true, ...post.metadata } });
  });

  it('registers a large fleet with one bulk import and rotates only the devices already registered', async () => {
    const fleet = buildFleet({ devices: 150, seed: 8 });
    const earlier = await registerFleet({ apiUrl: api, fleet: fleet.slice(0, 3), token: testAdminToken, bulk: false });
    const secrets = await registerFleet({ apiUrl: api, fleet, token: testAdminToken });
    expect(secrets.size).toBe(150);
    expect(secrets.get(fleet[0]!.id)).not.toBe(earlier.get(fleet[0]!.id));
    expect(await connectsWith(fleet[0]!, secrets.get(fleet[0]!.id)!)).toBe(true);
    expect(await connectsWith(fleet[120]!, secrets.get(fleet[120]!.id)!)).toBe(true);
    const listed = await apiJson<{ id: string }[]>(api, '/api/devices');
    expect(fleet.every((device) => listed.some((entry) => entry.id === device.id))).toBe(true);
  });

  it('shows the first problems of a refused bulk import, as the API words them', async () => {
    const fleet = buildFleet({ devices: 5, seed: 9 }).map((device, i) => (i === 3 ? ({ ...device, kind: 'teleporter' } as unknown as SimulatedDevice) : device));
    await expect(registerFleet({ apiUrl: api, fleet, token: testAdminToken, bulk: true })).rejects.toThrow(/answered 400: KENDALI_ERR_IMPORT_INVALID: .*; row 4: .*teleporter/);
  });

  it('stops with the API’s own error code and message when the token is wrong', async () => {
    await expect(registerFleet({ apiUrl: api, fleet: buildFleet({ devices: 3, seed: 10 }), token: 'kdl_not-a-token', bulk: false })).rejects.toMatchObject({
      code: 'KENDALI_ERR_SIM_REGISTER',
      message: expect.stringMatching(/answered 401: KENDALI_ERR_AUTH_INVALID: /),
    });
    await expect(registerFleet({ apiUrl: api, fleet: buildFleet({ devices: 3, seed: 10 }), bulk: false })).rejects.toMatchObject({
      message: expect.stringMatching(/answered 401: KENDALI_ERR_AUTH_REQUIRED: /),
    });
  });
});
