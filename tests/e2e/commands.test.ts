import { connect as connectLater, connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Command, type CommandMessage, type TelemetryHistory } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { buildFleet, registerFleet, startSimulation, type Simulation } from '@kendali/simulators';
import { apiFetch, apiJson, registerDevice, startTestPlatform, testAdminToken, waitFor } from '@kendali/test-support';

let platform: Platform;
let stopPlatform: () => Promise<void>;
let simulation: Simulation | undefined;
const clients: MqttClient[] = [];

beforeAll(async () => {
  ({ platform, stop: stopPlatform } = await startTestPlatform('commands'));
});

afterAll(async () => {
  await simulation?.stop();
  await Promise.all(clients.map((client) => client.endAsync(true)));
  await stopPlatform?.();
});

const http = () => platform.addresses.http;
const connect = async (id: string, password: string, extra: IClientOptions = {}) => {
  const client = await connectAsync(platform.addresses.mqtt, { clientId: id, username: id, password, reconnectPeriod: 0, connectTimeout: 5_000, ...extra });
  clients.push(client);
  return client;
};
const sendCommand = (deviceId: string, body: object) => apiJson<Command>(http(), `/api/devices/${deviceId}/commands`, { method: 'POST', body });
const commandNow = (id: string) => apiJson<Command>(http(), `/api/commands/${id}`);
const untilState = (id: string, state: Command['state'], timeoutMs?: number) =>
  waitFor(async () => {
    const command = await commandNow(id);
    return command.state === state ? command : undefined;
  }, `command ${id} to be ${state}`, timeoutMs);
/** The next command the client receives on its commands topic. */
const nextCommand = (client: MqttClient) =>
  new Promise<CommandMessage>((resolve) => {
    const onMessage = (topic: string, payload: Buffer) => {
      if (!topic.endsWith('/commands')) return;
      client.off('message', onMessage);
      resolve(JSON.parse(payload.toString()) as CommandMessage);
    };
    client.on('message', onMessage);
  });

describe('commands to devices, end to end', () => {
  it("dims a simulated street light: the command is answered and the light's stored readings carry the new level", async () => {
    const light = buildFleet({ devices: 20, seed: 5 }).find((device) => device.kind === 'street-light')!;
    const secrets = await registerFleet({ apiUrl: http(), fleet: [light], token: testAdminToken });
    simulation = await startSimulation({ url: platform.addresses.mqtt, fleet: [light], ratePerDeviceHz: 5, credentials: (device) => ({ username: device.id, password: secrets.get(device.id) ?? '' }) });
    const sentAt = Date.now();

    const command = await sendCommand(light.id, { name: 'set-dimming', params: { level: 0.35 } });
    expect(command).toMatchObject({ deviceId: light.id, name: 'set-dimming', createdBy: 'KENDALI_ADMIN_TOKEN (admin)' });
    const done = await untilState(command.id, 'done');
    expect(done).toMatchObject({ detail: 'dimmed to 0.35', sentAt: expect.any(Number), doneAt: expect.any(Number) });

    const stored = await waitFor(async () => {
      const history = await apiJson<TelemetryHistory>(http(), `/api/telemetry?device=${light.id}&field=dimmingLevel&from=${done.doneAt!}&to=${Date.now() + 1}`);
      return history.points.length >= 2 ? history.points : undefined;
    }, 'readings stored after the answer');
    expect(stored.every((point) => point.value === 0.35)).toBe(true);
    expect(done.doneAt!).toBeGreaterThanOrEqual(sentAt);
    await simulation.stop();
    simulation = undefined;
  });

  it('keeps a command for an offline device with a persistent session and delivers it when the device returns', async () => {
    const secret = await registerDevice(http(), 'sl-offline', { kind: 'street-light', name: 'SL offline', district: 'Karawaci' });
    const first = await connect('sl-offline', secret, { clean: false });
    await first.subscribeAsync(deviceTopic('sl-offline', 'commands'), { qos: 1 });
    await first.endAsync();

    const command = await sendCommand('sl-offline', { name: 'set-interval', params: { seconds: 60 } });
    expect((await commandNow(command.id)).state).toBe('queued');

    // Listening before the CONNECT goes out: Aedes sends what the session kept right after the CONNACK.
    const back = connectLater(platform.addresses.mqtt, { clientId: 'sl-offline', username: 'sl-offline', password: secret, clean: false, reconnectPeriod: 0, manualConnect: true });
    clients.push(back);
    const received = nextCommand(back);
    back.connect();
    expect(await received).toEqual({ id: command.id, name: 'set-interval', params: { seconds: 60 }, expiresAt: command.expiresAt });
    await untilState(command.id, 'sent'); // its PUBACK
    await back.publishAsync(deviceTopic('sl-offline', 'commands/result'), JSON.stringify({ id: command.id, ok: false, detail: 'busy' }), { qos: 1 });
    expect(await commandNow(command.id)).toMatchObject({ state: 'failed', detail: 'busy' }); // recorded before the PUBACK
  });

  it('sends a waiting command again when a device subscribes anew (a clean session, or after a restart lost the broker\'s copy)', async () => {
    const secret = await registerDevice(http(), 'ap-clean', { kind: 'wifi-ap', name: 'AP clean', district: 'Karawaci' });
    const command = await sendCommand('ap-clean', { name: 'reboot', params: {} });
    const device = await connect('ap-clean', secret);
    const received = nextCommand(device);
    await device.subscribeAsync(deviceTopic('ap-clean', 'commands'), { qos: 1 });
    expect((await received).id).toBe(command.id);
    await untilState(command.id, 'sent'); // written to the connected clean session
  });

  it('expires a command nobody answers within its time to live, with the reason', async () => {
    await registerDevice(http(), 'aq-silent', { kind: 'air-quality', name: 'AQ silent', district: 'Karawaci' });
    const command = await sendCommand('aq-silent', { name: 'set-interval', params: { seconds: 30 }, ttlS: 1 });
    const expired = await untilState(command.id, 'expired', 10_000);
    expect(expired).toMatchObject({ detail: 'no answer within 1 s', doneAt: expect.any(Number) });
    expect(expired.doneAt!).toBeGreaterThanOrEqual(command.expiresAt);
  });

  it('sends a group command to every device of a district, and to none elsewhere', async () => {
    const ids = ['gc-1', 'gc-2', 'gc-3'];
    const devices = await Promise.all(
      [...ids, 'gc-elsewhere'].map(async (id) => {
        const secret = await registerDevice(http(), id, { kind: 'traffic', name: id, district: id === 'gc-elsewhere' ? 'Benda' : 'Periuk' });
        const client = await connect(id, secret);
        await client.subscribeAsync(deviceTopic(id, 'commands'), { qos: 1 });
        const received: CommandMessage[] = [];
        client.on('message', (_topic, payload) => received.push(JSON.parse(payload.toString()) as CommandMessage));
        return { id, received };
      }),
    );
    const sent = await apiJson<Command[]>(http(), '/api/commands', { method: 'POST', body: { selector: { district: 'Periuk' }, name: 'set-interval', params: { seconds: 10 } } });
    expect(sent.map((c) => c.deviceId).sort()).toEqual(ids);
    for (const device of devices.slice(0, 3)) await waitFor(() => (device.received.length === 1 ? true : undefined), `${device.id} to receive the group command`);
    expect(devices.slice(0, 3).map((d) => d.received[0]?.id).sort()).toEqual(sent.map((c) => c.id).sort());
    expect(devices[3]!.received).toEqual([]);
  });

  it('refuses an unknown command and params that break the schema, with reasons, storing nothing', async () => {
    await registerDevice(http(), 'sl-bad', { kind: 'street-light', name: 'SL bad', district: 'Benda' });
    const unknown = await apiFetch(http(), '/api/devices/sl-bad/commands', { method: 'POST', body: { name: 'reboot', params: {} } });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()) as unknown).toEqual({ error: { code: 'KENDALI_ERR_COMMAND_UNKNOWN', message: 'Device kind "street-light" has no command "reboot"; its commands are: set-interval, set-dimming.' } });
    const params = await apiFetch(http(), '/api/devices/sl-bad/commands', { method: 'POST', body: { name: 'set-interval', params: { seconds: 0 } } });
    expect(params.status).toBe(400);
    expect((await params.json()) as unknown).toEqual({ error: { code: 'KENDALI_ERR_COMMAND_PARAMS', message: 'Command "set-interval" of kind "street-light": /params/seconds must be >= 1.' } });
    expect(await apiJson<Command[]>(http(), '/api/commands?device=sl-bad')).toEqual([]);
  });

  it("lets no device follow another's commands or answer for it", async () => {
    const ownerSecret = await registerDevice(http(), 'sl-owner', { kind: 'street-light', name: 'SL owner', district: 'Benda' });
    const intruderSecret = await registerDevice(http(), 'sl-intruder', { kind: 'street-light', name: 'SL intruder', district: 'Benda' });
    await connect('sl-owner', ownerSecret);
    const intruder = await connect('sl-intruder', intruderSecret);
    const refused = await intruder.subscribeAsync(deviceTopic('sl-owner', 'commands'), { qos: 1 }).then(
      () => 'granted',
      (error: { packet?: { granted?: number[] } }) => error.packet?.granted,
    );
    expect(refused).toEqual([128]);

    const command = await sendCommand('sl-owner', { name: 'set-dimming', params: { level: 0.5 } });
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish(deviceTopic('sl-owner', 'commands/result'), JSON.stringify({ id: command.id, ok: true }), { qos: 1 });
    await closed; // the broker closes a connection that publishes outside its own topics
    expect((await commandNow(command.id)).state).not.toBe('done');
  });
});
