import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Command, type CommandMessage, type RejectionNotice, type TelemetryHistory } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiJson, registerDevice, startTestPlatform, systemSuite, testedVersions, waitFor } from '@kendali/test-support';

const run = promisify(execFile);
const python = '/usr/bin/python3'; // Debian's, where python3-paho-mqtt is installed; a python3 on PATH may be another
const paho = systemSuite(python, 'apt-get install python3-paho-mqtt', testedVersions.pahoMqtt);
const script = fileURLToPath(new URL('./paho-device.py', import.meta.url));

interface Published {
  readonly connack: number;
  readonly acknowledged?: number[];
  readonly disconnects?: number[];
}

describe.skipIf(!paho.available)(paho.title('an independent MQTT client (Eclipse Paho for Python, Debian python3-paho-mqtt) with API-issued credentials'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  /** Why the broker refused a CONNECT or dropped a client, as it reports it: the refusals below are for the reason the test means. */
  const refused: { clientId: string; reason: string }[] = [];
  const dropped: { clientId: string | undefined; message: string }[] = [];

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('paho'));
    platform.broker.on('connectRefused', ({ clientId, reason }) => refused.push({ clientId, reason }));
    platform.broker.on('clientError', (error) => dropped.push(error));
  });

  afterAll(async () => {
    await stopPlatform?.();
  });

  const http = () => platform.addresses.http;
  /** Runs one scenario of paho-device.py as `device` and returns what Paho reported. */
  const device = async <T>(spec: { device: string; secret: string; scenario: string; transport?: 'tcp' | 'websockets'; protocol?: '3.1' | '3.1.1' | '5'; [key: string]: unknown }): Promise<T> => {
    const port = spec.transport === 'websockets' ? platform.addresses.httpPort : platform.addresses.mqttPort;
    // The script gives up on any one wait after 30 s; the kill is for a Paho stuck outside those waits.
    const { stdout } = await run(python, [script, JSON.stringify({ host: '127.0.0.1', port, path: '/mqtt', ...spec })], { timeout: 90_000 });
    return JSON.parse(stdout) as T;
  };
  const register = (id: string, kind = 'water-level') => registerDevice(http(), id, { kind, name: id, district: 'Karawaci' });
  /** Every stored water level of a device, oldest first. */
  const storedLevels = async (id: string) =>
    (await apiJson<TelemetryHistory>(http(), `/api/telemetry?device=${id}&field=waterLevelCm&to=${Date.now() + 1}`)).points.map((point) => point.value);
  const reading = (level: number) => JSON.stringify({ waterLevelCm: level });

  it('publishes at QoS 1 and QoS 2 over TCP: each acknowledged (on_publish) once stored, and stored once', async () => {
    const secret = await register('wl-paho-tcp');
    const telemetry = deviceTopic('wl-paho-tcp', 'telemetry');
    const result = await device<Published>({
      device: 'wl-paho-tcp',
      secret,
      scenario: 'publish',
      messages: [
        { topic: telemetry, payload: reading(301.5), qos: 1 },
        { topic: telemetry, payload: reading(302.5), qos: 2 },
      ],
    });
    expect(result).toEqual({ connack: 0, acknowledged: [1, 2], disconnects: [] });
    // No wait: a PUBACK, and for QoS 2 the PUBREC before the PUBCOMP, is sent only once the reading is durable.
    expect(await storedLevels('wl-paho-tcp')).toEqual([301.5, 302.5]);
  });

  it('publishes over WebSocket (ws://…/mqtt on the HTTP port) and is stored', async () => {
    const secret = await register('wl-paho-ws');
    const result = await device<Published>({
      device: 'wl-paho-ws',
      secret,
      scenario: 'publish',
      transport: 'websockets',
      messages: [{ topic: deviceTopic('wl-paho-ws', 'telemetry'), payload: reading(303.5), qos: 1 }],
    });
    expect(result).toEqual({ connack: 0, acknowledged: [1], disconnects: [] });
    expect(await storedLevels('wl-paho-ws')).toEqual([303.5]);
  });

  it('publishes over MQTT 3.1 (MQIsdp) as well, and is stored', async () => {
    const secret = await register('wl-paho-v31');
    const result = await device<Published>({
      device: 'wl-paho-v31',
      secret,
      scenario: 'publish',
      protocol: '3.1',
      messages: [{ topic: deviceTopic('wl-paho-v31', 'telemetry'), payload: reading(304), qos: 1 }],
    });
    expect(result).toEqual({ connack: 0, acknowledged: [1], disconnects: [] });
    expect(await storedLevels('wl-paho-v31')).toEqual([304]);
  });

  it('is told an MQTT 5 CONNECT has an unacceptable protocol version, before its credentials are looked at [MQTT-3.1.2-2]', async () => {
    const secret = await register('wl-paho-v5');
    const result = await device<Published>({ device: 'wl-paho-v5', secret, scenario: 'publish', protocol: '5', messages: [] });
    // Aedes answers with the 3.1.1 CONNACK, return code 1; Paho's MQTT 5 client reports that as 0x84, unsupported protocol version.
    expect(result).toEqual({ connack: 0x84 });
    expect(dropped).toContainEqual(expect.objectContaining({ message: 'unacceptable protocol version' }));
    expect(refused.filter((refusal) => refusal.clientId === 'wl-paho-v5')).toEqual([]);
  });

  it('is refused with a wrong secret: CONNACK 4, bad user name or password [MQTT-3.2.2-5]', async () => {
    await register('wl-paho-bad');
    const result = await device<Published>({ device: 'wl-paho-bad', secret: 'not-the-secret', scenario: 'publish', messages: [] });
    expect(result).toEqual({ connack: 4 });
    expect(refused).toContainEqual({ clientId: 'wl-paho-bad', reason: 'wrong secret for device "wl-paho-bad"' });
  });

  it('is refused once disabled through the API: CONNACK 5, not authorised', async () => {
    const secret = await register('wl-paho-off');
    await apiJson(http(), '/api/devices/wl-paho-off', { method: 'PATCH', body: { enabled: false } });
    const result = await device<Published>({ device: 'wl-paho-off', secret, scenario: 'publish', messages: [] });
    expect(result).toEqual({ connack: 5 });
    expect(refused).toContainEqual({ clientId: 'wl-paho-off', reason: 'device "wl-paho-off" is disabled' });
  });

  it('hears why a malformed payload was refused on its errors topic, stays connected, and its next reading is stored', async () => {
    const secret = await register('wl-paho-err');
    const result = await device<{ granted: number[]; notice: RejectionNotice; acknowledged: number[]; connacks: number[]; disconnects: number[] }>({
      device: 'wl-paho-err',
      secret,
      scenario: 'hear-errors',
      bad: '{"waterLevelCm": 304.5',
      good: reading(305.5),
    });
    expect(result.granted).toEqual([1]);
    expect(result.notice).toMatchObject({ code: 'KENDALI_ERR_PAYLOAD_MALFORMED', topic: deviceTopic('wl-paho-err', 'telemetry'), message: expect.any(String) });
    // Both publishes acknowledged on the one connection Paho opened, and never lost.
    expect(result).toMatchObject({ acknowledged: [2, 3], connacks: [0], disconnects: [] });
    expect(await storedLevels('wl-paho-err')).toEqual([305.5]);
  });

  it('receives a command issued through the API on its commands topic and answers it; the API shows it done', async () => {
    const secret = await register('sl-paho', 'street-light');
    const subscribed = new Promise<void>((resolve) =>
      platform.broker.on('subscribed', ({ topics }) => {
        if (topics.includes(deviceTopic('sl-paho', 'commands'))) resolve();
      }),
    );
    const answering = device<{ granted: number[]; command: CommandMessage; detail: string; disconnects: number[] }>({ device: 'sl-paho', secret, scenario: 'answer-command' });
    await subscribed; // issue the command only once the device follows its topic
    const command = await apiJson<Command>(http(), '/api/devices/sl-paho/commands', { method: 'POST', body: { name: 'set-dimming', params: { level: 0.4 } } });
    const answer = await answering;
    expect(answer.granted).toEqual([1]);
    expect(answer.command).toEqual({ id: command.id, name: 'set-dimming', params: { level: 0.4 }, expiresAt: command.expiresAt });
    expect(answer.disconnects).toEqual([]);
    // The result is recorded before its PUBACK, so the API has it as soon as Paho saw the answer acknowledged.
    expect(await apiJson<Command>(http(), `/api/commands/${command.id}`)).toMatchObject({ state: 'done', detail: 'set-dimming {"level": 0.4}' });
  });

  it("has its connection closed for publishing on another device's telemetry topic, and nothing is stored for that device", async () => {
    const secret = await register('wl-paho-intruder');
    await register('wl-paho-victim');
    const result = await device<{ acknowledged: number[]; disconnect: number; reason: string }>({
      device: 'wl-paho-intruder',
      secret,
      scenario: 'trespass',
      topic: deviceTopic('wl-paho-victim', 'telemetry'),
      payload: reading(306.5),
    });
    // MQTT 3.1.1 has no negative PUBACK: the broker closes the connection, and Paho reports it lost.
    expect(result).toEqual({ acknowledged: [], disconnect: 7, reason: 'The connection was lost.' });
    const why = await waitFor(() => dropped.find((error) => error.clientId === 'wl-paho-intruder'), "the broker's reason for dropping the intruder");
    expect(why.message).toContain('Device "wl-paho-intruder" published to "kendali/v1/devices/wl-paho-victim/telemetry"');
    expect(await storedLevels('wl-paho-victim')).toEqual([]);
    expect((await apiJson<{ latest: unknown }>(http(), '/api/devices/wl-paho-victim')).latest).toBeNull();
  });
});
