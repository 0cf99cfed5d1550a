import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiFetch, apiJson, startTestPlatform, waitFor } from '@kendali/test-support';

const provisioningKey = 'tangerang-provisioning-key-2026';
let platform: Platform;
let stopPlatform: () => Promise<void>;
const clients: MqttClient[] = [];

beforeAll(async () => {
  ({ platform, stop: stopPlatform } = await startTestPlatform('discovery', { KENDALI_DISCOVERY: '1', KENDALI_PROVISIONING_KEY: provisioningKey }));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.endAsync(true)));
  await stopPlatform?.();
});

const knock = async (id: string, clientId = id) => {
  const client = await connectAsync(platform.addresses.mqtt, { clientId, username: id, password: provisioningKey, reconnectPeriod: 0 });
  clients.push(client);
  return client;
};

describe('discovery mode', () => {
  it('lists an unknown device with the provisioning key, and on approval hands it a secret it then connects with', async () => {
    // A client id of its own (`<id>:<anything>`), so the registered session below does not take this one over.
    const device = await knock('wl-baru', 'wl-baru:setup');
    const pendingEnded = new Promise<void>((resolve) => device.once('close', () => resolve()));
    await device.subscribeAsync([deviceTopic('wl-baru', 'commands'), deviceTopic('wl-baru', 'errors')], { qos: 1 });
    const messages: { topic: string; body: Record<string, string> }[] = [];
    device.on('message', (topic, payload) => messages.push({ topic, body: JSON.parse(payload.toString()) as Record<string, string> }));

    await device.publishAsync(deviceTopic('wl-baru', 'telemetry'), '{"waterLevelCm": 150}', { qos: 1 });
    const pendingNotice = await waitFor(() => messages.find((m) => m.topic.endsWith('/errors')), 'the pending notice');
    expect(pendingNotice.body.code).toBe('KENDALI_ERR_DEVICE_PENDING');

    const pending = await apiJson<{ id: string; attempts: number }[]>(platform.addresses.http, '/api/pending');
    expect(pending).toEqual([expect.objectContaining({ id: 'wl-baru', attempts: 1 })]);

    const approved = await apiJson<{ secret: string; district: string }>(platform.addresses.http, '/api/pending/wl-baru/approve', {
      method: 'POST',
      body: { kind: 'water-level', name: 'Pos Taman Cibodas', district: 'Cibodas', lat: -6.205, lon: 106.605 },
    });
    expect(approved.district).toBe('Cibodas');
    const credentials = await waitFor(() => messages.find((m) => m.topic.endsWith('/commands')), 'the credentials');
    expect(credentials.body).toEqual({ type: 'credentials', username: 'wl-baru', secret: approved.secret });
    expect(await apiJson<unknown[]>(platform.addresses.http, '/api/pending')).toEqual([]);

    const registered = await connectAsync(platform.addresses.mqtt, { clientId: 'wl-baru', username: 'wl-baru', password: credentials.body.secret, reconnectPeriod: 0 });
    clients.push(registered);
    await registered.publishAsync(deviceTopic('wl-baru', 'telemetry'), '{"waterLevelCm": 151}', { qos: 1 });
    const device2 = await apiJson<{ latest: { fields: { waterLevelCm: number } } }>(platform.addresses.http, '/api/devices/wl-baru');
    expect(device2.latest.fields.waterLevelCm).toBe(151);
    // The pending session is ended a moment after approval; the device's own session must survive that.
    await pendingEnded;
    expect(registered.connected).toBe(true);
    await registered.publishAsync(deviceTopic('wl-baru', 'telemetry'), '{"waterLevelCm": 152}', { qos: 1 });
  });

  it('hands a device approved while offline its secret when it knocks again, and only until it has used one', async () => {
    const first = await knock('aq-baru');
    await first.publishAsync(deviceTopic('aq-baru', 'telemetry'), '{"pm25": 20}', { qos: 1 });
    await waitFor(async () => ((await apiJson<{ id: string }[]>(platform.addresses.http, '/api/pending')).some((p) => p.id === 'aq-baru') ? true : undefined), 'the device on the pending list');
    await first.endAsync(); // offline: the secret sent at approval reaches nobody
    const approved = await apiJson<{ secret: string }>(platform.addresses.http, '/api/pending/aq-baru/approve', {
      method: 'POST',
      body: { kind: 'air-quality', name: 'Stasiun Taman Potret', district: 'Tangerang' },
    });
    expect(await apiJson<unknown[]>(platform.addresses.http, '/api/pending')).toEqual([]);

    // Back with the provisioning key: it is let in to listen, and handed a new secret on its commands topic.
    const again = await knock('aq-baru', 'aq-baru:setup');
    const messages: { type: string; username: string; secret: string }[] = [];
    again.on('message', (_topic, payload) => messages.push(JSON.parse(payload.toString()) as { type: string; username: string; secret: string }));
    await again.subscribeAsync(deviceTopic('aq-baru', 'commands'), { qos: 1 });
    const credentials = await waitFor(() => messages[0], 'the credentials handed over');
    expect(credentials).toEqual({ type: 'credentials', username: 'aq-baru', secret: expect.any(String) });
    expect(credentials.secret).not.toBe(approved.secret);
    const refusedOld = await connectAsync(platform.addresses.mqtt, { clientId: 'aq-baru', username: 'aq-baru', password: approved.secret, reconnectPeriod: 0 }).then(
      () => 'connected',
      (error: { code?: number }) => error.code,
    );
    expect(refusedOld).toBe(4); // the secret sent at approval, never received, no longer works

    const registered = await connectAsync(platform.addresses.mqtt, { clientId: 'aq-baru', username: 'aq-baru', password: credentials.secret, reconnectPeriod: 0 });
    clients.push(registered);
    await registered.publishAsync(deviceTopic('aq-baru', 'telemetry'), '{"pm25": 21}', { qos: 1 });
    expect((await apiJson<{ latest: { fields: { pm25: number } } }>(platform.addresses.http, '/api/devices/aq-baru')).latest.fields.pm25).toBe(21);

    // Claimed: the provisioning key lets it in no more.
    const refusedKey = await connectAsync(platform.addresses.mqtt, { clientId: 'aq-baru:later', username: 'aq-baru', password: provisioningKey, reconnectPeriod: 0 }).then(
      () => 'connected',
      (error: { code?: number }) => error.code,
    );
    expect(refusedKey).toBe(4);
  });

  it('rejects a pending device: it leaves the list and its connection closes', async () => {
    const intruder = await knock('tr-asing');
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    expect((await apiFetch(platform.addresses.http, '/api/pending/tr-asing', { method: 'DELETE' })).status).toBe(204);
    await closed;
    expect(await apiJson<unknown[]>(platform.addresses.http, '/api/pending')).toEqual([]);
  });

  it('still refuses an unknown device without the key', async () => {
    const refused = await connectAsync(platform.addresses.mqtt, { clientId: 'aq-x', username: 'aq-x', password: 'guess', reconnectPeriod: 0 }).then(
      () => 'connected',
      (error: { code?: number }) => error.code,
    );
    expect(refused).toBe(4);
  });
});
