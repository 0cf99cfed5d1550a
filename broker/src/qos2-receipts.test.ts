import { createConnection, type Socket } from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceTopic, manualClock } from '@kendali/contracts';
import { KendaliBroker } from './broker';
import { Qos2Receipts } from './qos2-receipts';
import type { TelemetrySink } from './telemetry-sink';

/** A sink that holds each message until the test settles it, like a slow commit. */
class HeldSink implements TelemetrySink {
  readonly received: string[] = [];
  readonly #held: { resolve: () => void; reject: (error: Error) => void }[] = [];

  acceptTelemetry(_deviceId: string, payload: Buffer) {
    this.received.push(payload.toString());
    return new Promise<{ rejections: [] }>((resolve, reject) => this.#held.push({ resolve: () => resolve({ rejections: [] }), reject }));
  }

  acceptStatus(): void {}

  get waiting(): number {
    return this.#held.length;
  }

  store(): void {
    for (const held of this.#held.splice(0)) held.resolve();
  }

  fail(): void {
    for (const held of this.#held.splice(0)) held.reject(new Error('disk full'));
  }
}

const topic = deviceTopic('wl-1', 'telemetry');
let broker: KendaliBroker | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await broker?.close();
  broker = undefined;
});

/** Polls until a condition on what arrived holds (5 s at most). */
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

async function connect(port: number, clean: boolean) {
  const socket = createConnection(port, '127.0.0.1');
  sockets.push(socket);
  const answers: Packet[] = [];
  let closed = false;
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  parser.on('packet', (packet) => answers.push(packet));
  socket.on('data', (chunk) => parser.parse(chunk));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  const send = (packet: Packet) => socket.write(mqttPacket.generate(packet));
  send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean, keepalive: 60, clientId: 'wl-1' });
  const count = (cmd: Packet['cmd'], messageId: number) => answers.filter((p) => p.cmd === cmd && 'messageId' in p && p.messageId === messageId).length;
  await until(() => answers.some((p) => p.cmd === 'connack'));
  return {
    publish: (payload: string, messageId: number, dup = false) => send({ cmd: 'publish', topic, payload, qos: 2, messageId, dup, retain: false }),
    pubrel: (messageId: number) => send({ cmd: 'pubrel', messageId }),
    count,
    closed: () => closed,
    end: () => socket.destroy(),
  };
}

async function start(sink: TelemetrySink) {
  broker = await KendaliBroker.create({ sink, clock: manualClock(Date.parse('2026-03-10T03:00:00Z')) });
  return (await broker.listenTcp(0, '127.0.0.1')).port;
}

describe('QoS 2 messages sent again before their PUBREL [MQTT-4.3.3-2]', () => {
  it('hands a copy that arrives while the first is being stored to nobody, and takes the identifier anew after PUBCOMP', async () => {
    const sink = new HeldSink();
    const client = await connect(await start(sink), true);
    client.publish('{"waterLevelCm":210}', 3);
    await until(() => sink.waiting === 1);
    client.publish('{"waterLevelCm":210}', 3, true);
    client.publish('{"waterLevelCm":210}', 3, true);
    // The copies wait for the first: no PUBREC before it is stored, and nothing handed on twice.
    expect(client.count('pubrec', 3)).toBe(0);
    sink.store();
    await until(() => client.count('pubrec', 3) === 3);
    expect(sink.received).toEqual(['{"waterLevelCm":210}']);

    client.pubrel(3);
    await until(() => client.count('pubcomp', 3) === 1);
    // After PUBCOMP the identifier names a new message.
    client.publish('{"waterLevelCm":215}', 3);
    await until(() => sink.waiting === 1);
    sink.store();
    await until(() => client.count('pubrec', 3) === 4);
    expect(sink.received).toEqual(['{"waterLevelCm":210}', '{"waterLevelCm":215}']);
  });

  it('remembers a message across connections of one session, and forgets it when a clean session starts', async () => {
    const sink = new HeldSink();
    const port = await start(sink);
    const first = await connect(port, false);
    first.publish('{"waterLevelCm":210}', 9);
    await until(() => sink.waiting === 1);
    sink.store();
    await until(() => first.count('pubrec', 9) === 1);
    first.end();

    const resumed = await connect(port, false);
    resumed.publish('{"waterLevelCm":210}', 9, true);
    await until(() => resumed.count('pubrec', 9) === 1);
    expect(sink.received).toHaveLength(1);
    resumed.end();

    // A clean session discards the old one's state [MQTT-3.1.2-6]: identifier 9 is a new message.
    const fresh = await connect(port, true);
    fresh.publish('{"waterLevelCm":230}', 9);
    await until(() => sink.waiting === 1);
    sink.store();
    await until(() => fresh.count('pubrec', 9) === 1);
    expect(sink.received).toEqual(['{"waterLevelCm":210}', '{"waterLevelCm":230}']);
  });

  it('takes a message in again when storing its first copy failed', async () => {
    const sink = new HeldSink();
    const port = await start(sink);
    const first = await connect(port, false);
    first.publish('{"waterLevelCm":210}', 4);
    await until(() => sink.waiting === 1);
    sink.fail();
    await until(() => first.closed()); // no PUBREC: the publisher must send it again
    expect(first.count('pubrec', 4)).toBe(0);

    const resumed = await connect(port, false);
    resumed.publish('{"waterLevelCm":210}', 4, true);
    await until(() => sink.waiting === 1);
    sink.store();
    await until(() => resumed.count('pubrec', 4) === 1);
    expect(sink.received).toEqual(['{"waterLevelCm":210}', '{"waterLevelCm":210}']);
  });
});

describe('Qos2Receipts', () => {
  it('refuses a new message beyond its bound per client, and still recognises copies', async () => {
    const receipts = new Qos2Receipts(2);
    const taken: number[] = [];
    const take = (id: number) => () => Promise.resolve(taken.push(id));
    await receipts.once('wl-1', 1, take(1));
    await receipts.once('wl-1', 2, take(2));
    await expect(receipts.once('wl-1', 3, take(3))).rejects.toThrow(/KENDALI_ERR_PUBREL_WINDOW/);
    await receipts.once('wl-2', 3, take(3)); // another client has a window of its own
    expect(await receipts.once('wl-1', 2, take(2))).toBeUndefined(); // a copy: not taken again
    expect(taken).toEqual([1, 2, 3]);
  });
});
