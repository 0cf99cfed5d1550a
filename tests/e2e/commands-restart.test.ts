import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceTopic, type Command, type CommandMessage } from '@kendali/contracts';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import { apiJson, makeTempDir, registerDevice, testAdminToken, waitFor } from '@kendali/test-support';

let data: { path: string; remove: () => Promise<void> } | undefined;
let running: Platform | undefined;
let device: MqttClient | undefined;

afterEach(async () => {
  await device?.endAsync(true);
  await running?.close();
  await data?.remove();
  device = running = data = undefined;
});

/** The platform on a data directory that outlives it, so it can be started again on the same state. */
const start = (dataDir: string) =>
  startPlatform(
    loadConfig({ KENDALI_DATA_DIR: dataDir, KENDALI_HOST: '127.0.0.1', KENDALI_HTTP_PORT: '0', KENDALI_MQTT_PORT: '0', KENDALI_SIMULATE: '0', KENDALI_REPORTS: 'off', KENDALI_ADMIN_TOKEN: testAdminToken }),
    { logger: pino({ level: 'silent' }) },
  );

describe('commands across a restart', () => {
  it("delivers a command the broker's in-memory session lost in a restart, once the device subscribes again", async () => {
    data = await makeTempDir('commands-restart');
    running = await start(data.path);
    const secret = await registerDevice(running.addresses.http, 'sl-restart', { kind: 'street-light', name: 'SL restart', district: 'Tangerang' });
    const connect = (platform: Platform) => connectAsync(platform.addresses.mqtt, { clientId: 'sl-restart', username: 'sl-restart', password: secret, clean: false, reconnectPeriod: 0 });
    device = await connect(running);
    await device.subscribeAsync(deviceTopic('sl-restart', 'commands'), { qos: 1 });
    await device.endAsync();
    device = undefined;

    const command = await apiJson<Command>(running.addresses.http, '/api/devices/sl-restart/commands', { method: 'POST', body: { name: 'set-dimming', params: { level: 0.6 } } });
    expect(command.state).toBe('queued'); // kept in the broker's memory for the persistent session
    await running.close();

    running = await start(data.path);
    device = await connect(running);
    expect(device.connected).toBe(true);
    const received = new Promise<CommandMessage>((resolve) => device!.once('message', (_topic, payload) => resolve(JSON.parse(payload.toString()) as CommandMessage)));
    await device.subscribeAsync(deviceTopic('sl-restart', 'commands'), { qos: 1 }); // the session was lost, so the device subscribes again
    expect(await received).toEqual({ id: command.id, name: 'set-dimming', params: { level: 0.6 }, expiresAt: command.expiresAt });
    const http = running.addresses.http;
    await waitFor(async () => ((await apiJson<Command>(http, `/api/commands/${command.id}`)).state === 'sent' ? true : undefined), 'its PUBACK to mark it sent');
    await device.publishAsync(deviceTopic('sl-restart', 'commands/result'), JSON.stringify({ id: command.id, ok: true }), { qos: 1 });
    expect(await apiJson<Command>(http, `/api/commands/${command.id}`)).toMatchObject({ state: 'done' });
  });
});
