import { createConnection } from 'node:net';
import { connectAsync } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '@kendali/contracts';
import { KendaliBroker } from './broker';
import type { ConnectDecision } from './client-identity';
import type { TelemetrySink } from './telemetry-sink';

const sink: TelemetrySink = { acceptTelemetry: () => Promise.resolve({ rejections: [] }), acceptStatus: () => undefined };

let broker: KendaliBroker | undefined;
let releaseAuthentication: (() => void) | undefined;

afterEach(async () => {
  releaseAuthentication?.();
  await broker?.close();
  broker = releaseAuthentication = undefined;
});

describe('KendaliBroker before CONNACK', () => {
  it('closes a connection whose authentication does not answer within the connect timeout', async () => {
    let attempts = 0;
    broker = await KendaliBroker.create({
      sink,
      clock: systemClock,
      connectTimeoutMs: 300,
      // A registry that does not answer: the CONNECT arrived in full, the CONNACK never comes.
      authenticate: () => {
        attempts++;
        return new Promise<ConnectDecision>((resolve) => {
          releaseAuthentication = () => resolve({ ok: true, identity: { role: 'device', deviceId: 'wl-1' } });
        });
      },
    });
    const errors: string[] = [];
    broker.on('clientError', ({ message }) => errors.push(message));
    const { port } = await broker.listenTcp(0, '127.0.0.1');
    const socket = createConnection(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60, clientId: 'wl-1', username: 'wl-1', password: Buffer.from('secret') }));
    await closed;
    expect(attempts).toBe(1);
    expect(errors).toContainEqual('no CONNACK within 300 ms of connecting (CONNECT incomplete or not yet accepted); connection closed');
  });

  it('stops the connect timer at CONNACK: a connected client outlives it', async () => {
    broker = await KendaliBroker.create({ sink, clock: systemClock, connectTimeoutMs: 300 });
    const errors: string[] = [];
    broker.on('clientError', ({ message }) => errors.push(message));
    const { port } = await broker.listenTcp(0, '127.0.0.1');
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'wl-2', reconnectPeriod: 0 });
    try {
      // An idle connection opened after the client's: its timer fires later than the client's would have.
      const idle = createConnection(port, '127.0.0.1');
      idle.on('error', () => undefined);
      await new Promise<void>((resolve) => idle.once('close', () => resolve()));
      expect(errors).toEqual(['no CONNACK within 300 ms of connecting (CONNECT incomplete or not yet accepted); connection closed']);
      await client.subscribeAsync('kendali/v1/devices/wl-2/errors'); // a round trip on the connection
      expect(client.connected).toBe(true);
    } finally {
      await client.endAsync(true);
    }
  });

  it('lets a device publish a large message the moment it reads its CONNACK, while the broker still sends it its queued messages', async () => {
    const received: number[] = []; // sizes of the telemetry payloads the sink was handed
    broker = await KendaliBroker.create({
      sink: { acceptTelemetry: (_deviceId, payload) => (received.push(payload.length), Promise.resolve({ rejections: [] })), acceptStatus: () => undefined },
      clock: systemClock,
    });
    const errors: string[] = [];
    broker.on('clientError', ({ message }) => errors.push(message));
    const { port } = await broker.listenTcp(0, '127.0.0.1');
    const url = `mqtt://127.0.0.1:${port}`;
    // A session with many messages waiting: Aedes sends them after the CONNACK and before it counts the client connected.
    const away = await connectAsync(url, { clientId: 'wl-q', clean: false, reconnectPeriod: 0 });
    await away.subscribeAsync('kendali/v1/devices/wl-q/commands', { qos: 1 });
    await away.endAsync();
    for (let n = 0; n < 2_000; n++) await broker.outbox.command('wl-q', { id: `c-${n}`, name: 'ping' });
    const socket = createConnection(port, '127.0.0.1');
    socket.setNoDelay(true);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: false, keepalive: 60, clientId: 'wl-q' }));
    const reading = JSON.stringify(Array.from({ length: 800 }, (_, i) => ({ ts: 1_700_000_000_000 + i, waterLevelCm: 100 })));
    expect(reading.length).toBeGreaterThan(4_096 * 5);
    socket.once('data', () => socket.write(mqttPacket.generate({ cmd: 'publish', topic: 'kendali/v1/devices/wl-q/telemetry', payload: reading, qos: 0, retain: false, dup: false })));
    await vi.waitFor(() => expect(received).toEqual([reading.length]), { timeout: 5_000 });
    expect(errors).toEqual([]);
    socket.destroy();
    await closed;
  }, 30_000);
});
