import { createConnection } from 'node:net';
import { connectAsync, type MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceTopic, manualClock, type RejectionCode } from '@kendali/contracts';
import { KendaliBroker } from './broker';
import type { TelemetrySink } from './telemetry-sink';

/** A sink whose acceptTelemetry stays pending until the test releases it, like a slow commit. */
class GatedSink implements TelemetrySink {
  readonly received: string[] = [];
  readonly statuses: string[] = [];
  #release: (() => void)[] = [];
  rejections: { code: RejectionCode; message: string }[] = [];
  fail = false;

  acceptTelemetry(deviceId: string, payload: Buffer) {
    this.received.push(`${deviceId}:${payload.toString()}`);
    return new Promise<{ rejections: { code: RejectionCode; message: string }[] }>((resolve, reject) => {
      this.#release.push(() => (this.fail ? reject(new Error('disk full')) : resolve({ rejections: this.rejections })));
    });
  }

  acceptStatus(deviceId: string, payload: Buffer) {
    this.statuses.push(`${deviceId}:${payload.toString()}`);
  }

  releaseAll() {
    for (const release of this.#release.splice(0)) release();
  }
}

const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));
let broker: KendaliBroker | undefined;
let client: MqttClient | undefined;

afterEach(async () => {
  await client?.endAsync(true);
  await broker?.close();
  client = broker = undefined;
});

async function start(sink: TelemetrySink) {
  broker = await KendaliBroker.create({ sink, clock });
  const address = await broker.listenTcp(0, '127.0.0.1');
  client = await connectAsync(`mqtt://127.0.0.1:${address.port}`, { clientId: 'wl-1', reconnectPeriod: 0 });
  return client;
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
};

describe('KendaliBroker', () => {
  it('sends the QoS1 PUBACK only after the sink says the reading is stored', async () => {
    const sink = new GatedSink();
    broker = await KendaliBroker.create({ sink, clock });
    const { port } = await broker.listenTcp(0, '127.0.0.1');
    const socket = createConnection(port, '127.0.0.1');
    const answers: string[] = [];
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet) => answers.push(packet.cmd));
    socket.on('data', (chunk) => parser.parse(chunk));
    socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60, clientId: 'wl-1' }));
    await until(() => answers.includes('connack'));
    // PUBLISH and PINGREQ in one write: the broker handles them in order, so a PUBACK sent before the
    // sink answers would come back ahead of the PINGRESP.
    const publish = mqttPacket.generate({ cmd: 'publish', topic: deviceTopic('wl-1', 'telemetry'), payload: '{"waterLevelCm":210}', qos: 1, messageId: 7, retain: false, dup: false });
    socket.write(Buffer.concat([publish, mqttPacket.generate({ cmd: 'pingreq' })]));
    await until(() => answers.includes('pingresp'));
    expect(sink.received).toHaveLength(1);
    expect(answers).toEqual(['connack', 'pingresp']);
    sink.releaseAll();
    await until(() => answers.includes('puback'));
    expect(answers).toEqual(['connack', 'pingresp', 'puback']);
    socket.destroy();
  });

  it('answers a rejection on the errors topic and keeps the connection', async () => {
    const sink = new GatedSink();
    sink.rejections = [{ code: 'KENDALI_ERR_FIELD_RANGE', message: 'water-level: field "waterLevelCm" is 5000 cm' }];
    const mqtt = await start(sink);
    await mqtt.subscribeAsync(deviceTopic('wl-1', 'errors'));
    const notice = new Promise<Record<string, unknown>>((resolve) => mqtt.once('message', (_t, p) => resolve(JSON.parse(p.toString()))));
    const publishing = mqtt.publishAsync(deviceTopic('wl-1', 'telemetry'), '{"waterLevelCm":5000}', { qos: 1 });
    await until(() => sink.received.length === 1);
    sink.releaseAll();
    await publishing;
    expect(await notice).toMatchObject({ code: 'KENDALI_ERR_FIELD_RANGE', topic: deviceTopic('wl-1', 'telemetry'), at: '2026-03-10T03:00:00.000Z' });
    expect(mqtt.connected).toBe(true);
  });

  it('withholds the PUBACK and drops the connection when the store fails, so the device resends', async () => {
    const sink = new GatedSink();
    sink.fail = true;
    const mqtt = await start(sink);
    const received: string[] = [];
    mqtt.on('packetreceive', (packet) => received.push(packet.cmd));
    const closed = new Promise<void>((resolve) => mqtt.once('close', () => resolve()));
    let acknowledged = false;
    void mqtt.publishAsync(deviceTopic('wl-1', 'telemetry'), '{"waterLevelCm":210}', { qos: 1 }).then(
      () => (acknowledged = true),
      () => undefined,
    );
    await until(() => sink.received.length === 1);
    sink.releaseAll();
    await closed;
    expect(received).not.toContain('puback');
    expect(acknowledged).toBe(false);
  });

  it('refuses a publish to a topic outside the grammar by closing the connection', async () => {
    const mqtt = await start(new GatedSink());
    const closed = new Promise<void>((resolve) => mqtt.once('close', () => resolve()));
    void mqtt.publishAsync('kendali/v1/devices/wl-1/errors', 'spoof', { qos: 1 }).catch(() => undefined);
    await closed;
  });

  it('passes status messages, including the last will, to the sink', async () => {
    const sink = new GatedSink();
    broker = await KendaliBroker.create({ sink, clock });
    const { port } = await broker.listenTcp(0, '127.0.0.1');
    const device = await connectAsync(`mqtt://127.0.0.1:${port}`, {
      clientId: 'ap-1',
      reconnectPeriod: 0,
      will: { topic: deviceTopic('ap-1', 'status'), payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await device.publishAsync(deviceTopic('ap-1', 'status'), 'online', { qos: 1, retain: true });
    device.stream.destroy(); // an abrupt loss fires the will
    await until(() => sink.statuses.includes('ap-1:offline'));
    expect(sink.statuses).toEqual(['ap-1:online', 'ap-1:offline']);
  });

  it('reports the filters a SUBSCRIBE was granted, not the refused ones', async () => {
    broker = await KendaliBroker.create({ sink: new GatedSink(), clock, authenticate: () => Promise.resolve({ ok: true, identity: { role: 'device', deviceId: 'wl-1' } }) });
    const { port } = await broker.listenTcp(0, '127.0.0.1');
    client = await connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'wl-1', username: 'wl-1', reconnectPeriod: 0 });
    const subscribed = new Promise<{ clientId: string; topics: string[] }>((resolve) => broker?.once('subscribed', resolve));
    // mqtt.js fails the whole call when one filter is refused (SUBACK 0x80).
    await expect(client.subscribeAsync([deviceTopic('wl-1', 'errors'), deviceTopic('wl-2', 'errors')])).rejects.toThrow('Subscribe error');
    expect(await subscribed).toEqual({ clientId: 'wl-1', topics: [deviceTopic('wl-1', 'errors')] });
  });
});
