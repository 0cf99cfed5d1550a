import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import { apiJson, registerDevice, startLossyProxy, startTestPlatform, testAdminToken, RawMqttClient, type LossyProxy, type TestPlatform } from '@kendali/test-support';

let running: TestPlatform;
let proxy: LossyProxy | undefined;
const clients: RawMqttClient[] = [];

beforeAll(async () => {
  running = await startTestPlatform('exactly-once');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await proxy?.close();
  await running?.stop();
});

const http = () => running.platform.addresses.http;
const mqttPort = () => running.platform.addresses.mqttPort;

/** A water-level device of its own per test, and a way to connect as it (clean = false: a session kept across connections). */
async function device(id: string) {
  const secret = await registerDevice(http(), id, { kind: 'water-level', name: `Pos ${id}`, district: 'Periuk' });
  const connect = async (port = mqttPort()) => {
    const client = await RawMqttClient.connect(port, { clientId: id, username: id, password: Buffer.from(secret), clean: false });
    clients.push(client);
    return client;
  };
  const points = async (fromMs: number, toMs: number) =>
    (await apiJson<{ points: { t: number; value: number }[] }>(http(), `/api/telemetry?device=${id}&field=waterLevelCm&from=${fromMs}&to=${toMs}`)).points;
  return { topic: deviceTopic(id, 'telemetry'), connect, points };
}

/** Telemetry messages the broker has handed to ingest since start. */
async function messagesReceived(): Promise<number> {
  const text = await (await fetch(`${http()}/metrics?token=${testAdminToken}`)).text();
  return Number(/^kendali_messages_received_total (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

describe('one stored reading per message, at every QoS', () => {
  it('QoS1: a reading resent because its PUBACK was lost after the commit is stored once', async () => {
    const wl = await device('wl-puback-lost');
    const ts = Date.now() - 60_000;
    const payload = JSON.stringify({ ts, waterLevelCm: 210 });
    proxy = await startLossyProxy(mqttPort(), (packet) => packet.cmd === 'puback');
    const first = await wl.connect(proxy.port);
    first.publish(wl.topic, payload, 1, 1);
    expect(await proxy.lost).toMatchObject({ cmd: 'puback', messageId: 1 });
    await first.closed();
    expect(first.count('puback')).toBe(0); // the publisher never learnt it was stored…
    expect(await wl.points(ts, ts + 1)).toEqual([{ t: ts, value: 210 }]); // …but it was: the PUBACK follows the commit

    // It resends after reconnecting, as MQTT 3.1.1 §4.4 asks: same packet identifier, DUP set.
    const again = await wl.connect();
    again.publish(wl.topic, payload, 1, 1, true);
    await again.next('puback', 1);
    expect(await wl.points(ts - 60_000, ts + 60_000)).toEqual([{ t: ts, value: 210 }]);
  });

  it('QoS2: copies of a message sent again before its PUBREL, on the same or a new connection, are taken in once', async () => {
    const wl = await device('wl-qos2-dup');
    const from = Date.now() - 1_000;
    // No `ts`: each copy taken in would be a new reading timed on arrival, so only the broker can keep them one.
    const before = await messagesReceived();
    const client = await wl.connect();
    client.publish(wl.topic, '{"waterLevelCm":220}', 2, 5);
    client.publish(wl.topic, '{"waterLevelCm":220}', 2, 5, true); // while the first copy is still being stored
    await client.next('pubrec', 5, 2); // each copy is answered with a PUBREC [MQTT-4.3.3-2]
    client.publish(wl.topic, '{"waterLevelCm":220}', 2, 5, true); // after the PUBREC
    await client.next('pubrec', 5, 3);

    // Message 6: the connection breaks after its PUBREC; the session (clean = false) remembers it.
    client.publish(wl.topic, '{"waterLevelCm":221}', 2, 6);
    await client.next('pubrec', 6);
    client.destroy();
    await client.closed();
    const resumed = await wl.connect();
    resumed.publish(wl.topic, '{"waterLevelCm":221}', 2, 6, true);
    await resumed.next('pubrec', 6);
    for (const messageId of [5, 6]) {
      resumed.send({ cmd: 'pubrel', messageId });
      await resumed.next('pubcomp', messageId);
    }
    expect((await messagesReceived()) - before).toBe(2);
    expect((await wl.points(from, Date.now() + 1_000)).map((p) => p.value)).toEqual([220, 221]);
  });

  it('QoS2: the same reading sent again as a new message (another packet identifier) keeps one row, with the newer values', async () => {
    const wl = await device('wl-qos2-same-ts');
    const ts = Date.now() - 60_000;
    const client = await wl.connect();
    for (const [messageId, level] of [[7, 230], [8, 240]] as const) {
      client.publish(wl.topic, JSON.stringify({ ts, waterLevelCm: level }), 2, messageId);
      await client.next('pubrec', messageId);
      client.send({ cmd: 'pubrel', messageId });
      await client.next('pubcomp', messageId);
    }
    expect(await wl.points(ts - 60_000, ts + 60_000)).toEqual([{ t: ts, value: 240 }]);
  });
});
