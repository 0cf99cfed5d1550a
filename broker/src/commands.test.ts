import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceTopic, manualClock, type RejectionNotice } from '@kendali/contracts';
import { KendaliBroker } from './broker';
import type { Authenticator } from './client-identity';
import type { CommandResultSink } from './command-result-sink';
import type { Rejection } from './device-outbox';
import type { TelemetrySink } from './telemetry-sink';

const sink: TelemetrySink = { acceptTelemetry: async () => ({ rejections: [] }), acceptStatus: () => undefined };

/** Every client is the device named by its user name. */
const asDevice: Authenticator = async ({ username }) => ({ ok: true, identity: { role: 'device', deviceId: username ?? '' } });

class RecordingResults implements CommandResultSink {
  readonly results: string[] = [];
  answer: Rejection | null = null;
  async acceptResult(deviceId: string, payload: Buffer) {
    this.results.push(`${deviceId}:${payload.toString()}`);
    return this.answer;
  }
}

const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));
let broker: KendaliBroker | undefined;
const clients: MqttClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await broker?.close();
  broker = undefined;
});

async function start(results: CommandResultSink) {
  broker = await KendaliBroker.create({ sink, clock, authenticate: asDevice, commandResults: results });
  const { port } = await broker.listenTcp(0, '127.0.0.1');
  const connect = async (deviceId: string, clean = true) => {
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: deviceId, username: deviceId, password: 's', clean, reconnectPeriod: 0 });
    clients.push(client);
    return client;
  };
  return { broker, connect };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
};

describe('commands through the broker', () => {
  it("sends a command at QoS1 to a persistent session, reports the device's PUBACK, and takes the answer on commands/result", async () => {
    const results = new RecordingResults();
    const { broker, connect } = await start(results);
    const taken: { deviceId: string; commandId: string }[] = [];
    broker.on('commandTaken', (delivery) => taken.push(delivery));
    const device = await connect('sl-1', false);
    await device.subscribeAsync(deviceTopic('sl-1', 'commands'), { qos: 1 });
    const received = new Promise<{ topic: string; payload: string; qos: number }>((resolve) =>
      device.once('message', (topic, payload, packet) => resolve({ topic, payload: payload.toString(), qos: packet.qos })),
    );

    const handedOn = broker.outbox.command('sl-1', { id: 'c-1', name: 'set-dimming', params: { level: 0.5 }, expiresAt: 0 });

    expect(await handedOn).toBe('kept'); // the session keeps it until the PUBACK
    expect(await received).toEqual({ topic: deviceTopic('sl-1', 'commands'), payload: '{"id":"c-1","name":"set-dimming","params":{"level":0.5},"expiresAt":0}', qos: 1 });
    await until(() => taken.length === 1);
    expect(taken).toEqual([{ deviceId: 'sl-1', commandId: 'c-1' }]);

    await device.publishAsync(deviceTopic('sl-1', 'commands/result'), '{"id":"c-1","ok":true}', { qos: 1 });
    expect(results.results).toEqual(['sl-1:{"id":"c-1","ok":true}']); // recorded before the PUBACK came back
  });

  it('says a command was written when a clean session follows the topic, and kept when none does', async () => {
    const { broker, connect } = await start(new RecordingResults());
    expect(await broker.outbox.command('sl-1', { id: 'c-0' })).toBe('kept'); // nobody listens yet
    const device = await connect('sl-1');
    const received = new Promise<string>((resolve) => device.once('message', (_t, payload) => resolve(payload.toString())));
    await device.subscribeAsync(deviceTopic('sl-1', 'commands'), { qos: 1 });
    expect(await broker.outbox.command('sl-1', { id: 'c-1' })).toBe('written');
    expect(await received).toBe('{"id":"c-1"}');
  });

  it('answers a result it could not match on the errors topic, and keeps the connection', async () => {
    const results = new RecordingResults();
    results.answer = { code: 'KENDALI_ERR_COMMAND_RESULT_INVALID', message: 'no command "c-9" was sent to sl-1' };
    const { connect } = await start(results);
    const device = await connect('sl-1');
    await device.subscribeAsync(deviceTopic('sl-1', 'errors'));
    const notice = new Promise<RejectionNotice>((resolve) => device.once('message', (_t, payload) => resolve(JSON.parse(payload.toString()) as RejectionNotice)));
    await device.publishAsync(deviceTopic('sl-1', 'commands/result'), '{"id":"c-9","ok":true}', { qos: 1 });
    expect(await notice).toMatchObject({ code: 'KENDALI_ERR_COMMAND_RESULT_INVALID', topic: deviceTopic('sl-1', 'commands/result') });
    expect(device.connected).toBe(true);
  });

  it("refuses a subscription to another device's commands and closes a device publishing another's results", async () => {
    const results = new RecordingResults();
    const { connect } = await start(results);
    const intruder = await connect('sl-2');
    await expect(intruder.subscribeAsync(deviceTopic('sl-1', 'commands'), { qos: 1 })).rejects.toThrow(/Subscribe error/); // SUBACK 0x80
    await expect(intruder.subscribeAsync(deviceTopic('sl-1', 'commands/result'), { qos: 1 })).rejects.toThrow(/Subscribe error/);
    expect(await intruder.subscribeAsync(deviceTopic('sl-2', 'commands'), { qos: 1 })).toEqual([{ topic: deviceTopic('sl-2', 'commands'), qos: 1 }]);

    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish(deviceTopic('sl-1', 'commands/result'), '{"id":"c-1","ok":true}', { qos: 1 });
    await closed;
    expect(results.results).toEqual([]);
  });
});
