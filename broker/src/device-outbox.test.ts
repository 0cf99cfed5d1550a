import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { alarmTopicPrefix, deviceTopic, manualClock } from '@kendali/contracts';
import { KendaliBroker } from './broker';
import type { Authenticator } from './client-identity';
import type { TelemetrySink } from './telemetry-sink';

const sink: TelemetrySink = { acceptTelemetry: () => Promise.resolve({ rejections: [] }), acceptStatus: () => undefined };
const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));

/** wl-1 is registered; any other username connects as a pending device; "observer" as an observer. */
const authenticate: Authenticator = ({ username }) =>
  Promise.resolve(
    username === 'observer'
      ? { ok: true, identity: { role: 'observer', name: 'mirror' } }
      : { ok: true, identity: username === 'wl-1' ? { role: 'device', deviceId: 'wl-1' } : { role: 'pending', deviceId: 'wl-1' } },
  );

let broker: KendaliBroker | undefined;
const clients: MqttClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  await broker?.close();
  broker = undefined;
});

async function start() {
  const started = await KendaliBroker.create({ sink, clock, authenticate });
  broker = started;
  const { port } = await started.listenTcp(0, '127.0.0.1');
  const connect = async (clientId: string, username: string) => {
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`, { clientId, username, reconnectPeriod: 0 });
    clients.push(client);
    return client;
  };
  return { broker: started, connect };
}

const closed = (client: MqttClient) => new Promise<void>((resolve) => client.once('close', () => resolve()));
const nextMessage = (client: MqttClient) =>
  new Promise<{ topic: string; payload: string; retain: boolean; qos: number }>((resolve) =>
    client.once('message', (topic, payload, packet) => resolve({ topic, payload: payload.toString(), retain: packet.retain, qos: packet.qos })),
  );

describe('DeviceOutbox', () => {
  it('ends only the pending session of a device, and every connection of it on disconnect', async () => {
    const { broker, connect } = await start();
    const device = await connect('wl-1', 'wl-1');
    const pending = await connect('wl-1:pending', 'newcomer');
    const pendingClosed = closed(pending);
    broker.outbox.endPendingSession('wl-1');
    await pendingClosed;
    await device.subscribeAsync(deviceTopic('wl-1', 'errors')); // a round trip on the device's connection
    expect(device.connected).toBe(true);

    const again = await connect('wl-1:pending-2', 'newcomer');
    const both = Promise.all([closed(device), closed(again)]);
    broker.outbox.disconnect('wl-1');
    await both;
  });

  it("sends a command on the device's commands topic at QoS1", async () => {
    const { broker, connect } = await start();
    const device = await connect('wl-1', 'wl-1');
    await device.subscribeAsync(deviceTopic('wl-1', 'commands'), { qos: 1 });
    const message = nextMessage(device);
    broker.outbox.command('wl-1', { type: 'credentials', username: 'wl-1', secret: 's3cret' });
    expect(await message).toEqual({ topic: deviceTopic('wl-1', 'commands'), payload: '{"type":"credentials","username":"wl-1","secret":"s3cret"}', retain: false, qos: 1 });
  });

  it('keeps an open alarm retained for new subscribers and removes it once cleared', async () => {
    const { broker, connect } = await start();
    const topic = `${alarmTopicPrefix}/a-1`;
    broker.outbox.alarm('a-1', { event: 'raised' }, true);
    const late = await connect('mirror-1', 'observer');
    const retained = nextMessage(late);
    await late.subscribeAsync(`${alarmTopicPrefix}/#`, { qos: 1 });
    expect(await retained).toEqual({ topic, payload: '{"event":"raised"}', retain: true, qos: 1 });

    const cleared = nextMessage(late);
    broker.outbox.alarm('a-1', { event: 'cleared' }, false);
    expect(await cleared).toMatchObject({ topic, payload: '{"event":"cleared"}' });
    // Retained messages come in the order their topics were first retained: a-1, if it were still
    // there, would arrive before a-2.
    broker.outbox.alarm('a-2', { event: 'raised' }, true);
    const later = await connect('mirror-2', 'observer');
    const first = nextMessage(later);
    await later.subscribeAsync(`${alarmTopicPrefix}/#`, { qos: 1 });
    expect((await first).topic).toBe(`${alarmTopicPrefix}/a-2`);
  });
});
