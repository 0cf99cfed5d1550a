import { readFileSync } from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { deviceTopic } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiJson, registerDevice, systemSuite, makeTempDir, startTestPlatform, makeThrowawayCa, waitFor } from '@kendali/test-support';

const connectTimeoutMs = 1_500; // short, so stalled connections end quickly in the test
const maxConnectBytes = 4_096;

/** A connection open at the transport level (TLS handshake or WebSocket upgrade done) that has sent no MQTT yet. */
interface RawConnection {
  write(bytes: Buffer): void;
  readonly closed: Promise<{ webSocketCode?: number }>;
  isClosed(): boolean;
  destroy(): void;
}

interface Transport {
  readonly name: string;
  readonly skipReason: string | undefined;
  open(): Promise<RawConnection>;
  mqttUrl(): string;
  mqttOptions(): IClientOptions;
}

const ssl = systemSuite('/usr/bin/openssl', 'apt-get install openssl');
let platform: Platform;
let stopPlatform: (() => Promise<void>) | undefined;
let certs: Awaited<ReturnType<typeof makeTempDir>> | undefined;
let caPem: Buffer | undefined;
const clients: MqttClient[] = [];
const raws: RawConnection[] = [];
let brokerErrors: string[] = [];
const recordError = ({ message }: { message: string }) => brokerErrors.push(message);

beforeAll(async () => {
  let tlsEnv = {};
  if (ssl.available) {
    certs = await makeTempDir('pre-connect-ca');
    const files = makeThrowawayCa(certs.path);
    caPem = readFileSync(files.caFile);
    tlsEnv = { KENDALI_MQTT_TLS_PORT: '0', KENDALI_TLS_CERT: files.certFile, KENDALI_TLS_KEY: files.keyFile };
  }
  ({ platform, stop: stopPlatform } = await startTestPlatform('pre-connect', { KENDALI_MQTT_CONNECT_TIMEOUT_MS: String(connectTimeoutMs), ...tlsEnv }));
});

afterAll(async () => {
  await stopPlatform?.();
  await certs?.remove();
});

beforeEach(() => {
  brokerErrors = [];
  platform.broker.on('clientError', recordError);
});

afterEach(async () => {
  platform.broker.off('clientError', recordError);
  for (const raw of raws.splice(0)) raw.destroy();
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
});

function fromSocket(socket: Socket): RawConnection {
  socket.setNoDelay(true);
  socket.on('error', () => undefined); // the broker closing on us is what the tests wait for
  const closed = new Promise<{ webSocketCode?: number }>((resolve) => socket.once('close', () => resolve({})));
  return { write: (bytes) => void (socket.destroyed || socket.write(bytes)), closed, isClosed: () => socket.destroyed, destroy: () => socket.destroy() };
}

function opened(socket: Socket, event: 'connect' | 'secureConnect'): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once(event, () => {
      socket.off('error', reject);
      resolve(fromSocket(socket));
    });
  });
}

const tracked = async (connection: Promise<RawConnection>) => {
  const raw = await connection;
  raws.push(raw);
  return raw;
};

const tcp: Transport = {
  name: 'TCP',
  skipReason: undefined,
  open: () => tracked(opened(connectTcp(platform.addresses.mqttPort, '127.0.0.1'), 'connect')),
  mqttUrl: () => platform.addresses.mqtt,
  mqttOptions: () => ({}),
};

const tls: Transport = {
  name: 'TLS',
  skipReason: ssl.available ? undefined : 'openssl is needed for a throwaway CA',
  open: () => tracked(opened(connectTls({ host: '127.0.0.1', port: platform.addresses.mqttTlsPort!, ca: caPem! }), 'secureConnect')),
  mqttUrl: () => platform.addresses.mqttTls!,
  mqttOptions: () => ({ ca: caPem! }),
};

function openWebSocket(): Promise<RawConnection> {
  const ws = new WebSocket(platform.addresses.mqttWebSocket, 'mqtt');
  ws.on('error', () => undefined);
  let isClosed = false;
  const closed = new Promise<{ webSocketCode?: number }>((resolve) =>
    ws.once('close', (code) => {
      isClosed = true;
      resolve({ webSocketCode: code });
    }),
  );
  const raw: RawConnection = { write: (bytes) => void (isClosed || ws.send(bytes)), closed, isClosed: () => isClosed, destroy: () => ws.terminate() };
  return tracked(
    new Promise((resolve, reject) => {
      ws.once('open', () => resolve(raw));
      ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade answered ${response.statusCode}`)));
    }),
  );
}

const webSocket: Transport = {
  name: 'WebSocket',
  skipReason: undefined,
  open: openWebSocket,
  mqttUrl: () => platform.addresses.mqttWebSocket,
  mqttOptions: () => ({}),
};

const connectPacket = (fields: { clientId: string; username?: string; password?: Buffer; will?: { topic: string; payload: Buffer } }) =>
  mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60, ...fields, ...(fields.will ? { will: { ...fields.will, qos: 1, retain: true } } : {}) });

/** The CONNECT of a peer that declares 250 KiB of password, to trickle in. */
const hugeConnect = () => connectPacket({ clientId: 'slow', username: 'slow', password: Buffer.alloc(250 * 1024, 0x61) });

const latestLevel = async (id: string) =>
  (await apiJson<{ latest: { fields: { waterLevelCm: number } } | null }>(platform.addresses.http, `/api/devices/${id}`)).latest?.fields.waterLevelCm;

const closedBySize = (message: string) => /before CONNACK exceeds the 4096-byte limit/.test(message);
const closedByTimeout = (message: string) => message.startsWith(`no CONNACK within ${connectTimeoutMs} ms of connecting`);

describe.each([tcp, tls, webSocket])('MQTT over $name before CONNACK', (transport) => {
  describe.skipIf(transport.skipReason !== undefined)(transport.skipReason === undefined ? 'bounds' : `bounds [skipped: ${transport.skipReason}]`, () => {
    it('closes a connection that declares a 250 KiB CONNECT as soon as the fixed header is read', async () => {
      const raw = await transport.open();
      raw.write(hugeConnect().subarray(0, 64)); // the fixed header and the start of the body
      await raw.closed;
      expect(brokerErrors.filter(closedBySize)).toHaveLength(1);
      expect(brokerErrors.filter(closedByTimeout)).toEqual([]);
    });

    it('closes a connection whose CONNECT stalls halfway, at the connect timeout', async () => {
      const packet = connectPacket({ clientId: 'stalled', username: 'stalled', password: Buffer.from('not-sent-in-full') });
      const raw = await transport.open();
      raw.write(packet.subarray(0, packet.length >> 1));
      await raw.closed;
      expect(brokerErrors.filter(closedByTimeout)).toHaveLength(1);
    });

    it('closes a connection that sends nothing, at the connect timeout', async () => {
      const raw = await transport.open();
      await raw.closed;
      expect(brokerErrors.filter(closedByTimeout)).toHaveLength(1);
    });

    it('closes a connection whose first packet is not a CONNECT [MQTT-3.1.0-1]', async () => {
      const raw = await transport.open();
      raw.write(Buffer.from([0xc0, 0x00])); // PINGREQ
      await raw.closed;
      expect(brokerErrors).toContainEqual(expect.stringMatching(/first MQTT packet must be a CONNECT/));
      expect(brokerErrors.filter(closedByTimeout)).toEqual([]);
    });

    it('connects a device with a long id, client id and will, then takes packets up to the full limit', async () => {
      const id = `wl-${transport.name.toLowerCase()}-${'x'.repeat(64)}`.slice(0, 64); // the longest id the registry takes
      const secret = await registerDevice(platform.addresses.http, id, { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
      const clientId = `${id}:listener-${'c'.repeat(200)}`;
      const will = { topic: deviceTopic(id, 'status'), payload: Buffer.from(`offline ${'w'.repeat(2_000)}`) };
      const connectBytes = connectPacket({ clientId, username: id, password: Buffer.from(secret), will }).length;
      expect(connectBytes).toBeGreaterThan(2_500); // the premise: a generous CONNECT, yet under the 4 KiB bound
      expect(connectBytes).toBeLessThanOrEqual(maxConnectBytes);

      const client = await connectAsync(transport.mqttUrl(), {
        ...transport.mqttOptions(),
        clientId,
        username: id,
        password: secret,
        will: { ...will, qos: 1, retain: true },
        reconnectPeriod: 0,
        connectTimeout: 10_000,
      });
      clients.push(client);
      // 100 KiB is over the CONNECT bound and the payload limit: acknowledged and answered with a rejection, not a closed connection.
      await client.publishAsync(deviceTopic(id, 'telemetry'), Buffer.alloc(100 * 1024, 0x20), { qos: 1 });
      await client.publishAsync(deviceTopic(id, 'telemetry'), '{"waterLevelCm": 212.5}', { qos: 1 });
      expect(client.connected).toBe(true);
      expect(await waitFor(() => latestLevel(id), 'the reading')).toBe(212.5);
      expect(brokerErrors.filter((message) => closedBySize(message) || closedByTimeout(message))).toEqual([]);
    });
  });
});

describe('MQTT over WebSocket before CONNACK: the frame itself', () => {
  it('refuses a WebSocket message larger than the CONNECT bound before reading it (1009 message too big)', async () => {
    const raw = await webSocket.open();
    raw.write(Buffer.alloc(250 * 1024, 0x10));
    expect((await raw.closed).webSocketCode).toBe(1009);
  });
});

describe.skipIf(!ssl.available)(ssl.title('MQTT over TLS: the handshake'), () => {
  it('closes a TCP connection that never starts its TLS handshake, at the connect timeout', async () => {
    const raw = await tracked(opened(connectTcp(platform.addresses.mqttTlsPort!, '127.0.0.1'), 'connect'));
    await raw.closed;
    expect(brokerErrors).toContainEqual(expect.stringMatching(/^TLS handshake failed: .*timeout/i));
  });
});

describe('300 slow connections declaring 250 KiB CONNECTs', () => {
  it('are all closed at their fixed headers, and the broker still serves a device', async () => {
    const count = 300;
    const packet = hugeConnect();
    const slow = await Promise.all(Array.from({ length: count }, () => tcp.open()));
    // Each peer trickles its CONNECT one byte per tick, as a slowloris would.
    let sent = 0;
    const trickle = setInterval(() => {
      for (const raw of slow) raw.write(packet.subarray(sent, sent + 1));
      sent++;
    }, 5);
    try {
      await Promise.all(slow.map((raw) => raw.closed));
    } finally {
      clearInterval(trickle);
    }
    expect(brokerErrors.filter(closedBySize)).toHaveLength(count);
    expect(brokerErrors.filter(closedByTimeout)).toEqual([]);

    const secret = await registerDevice(platform.addresses.http, 'wl-after-slowloris', { kind: 'water-level', name: 'Pasar Baru', district: 'Karawaci' });
    const client = await connectAsync(platform.addresses.mqtt, { clientId: 'wl-after-slowloris', username: 'wl-after-slowloris', password: secret, reconnectPeriod: 0 });
    clients.push(client);
    await client.publishAsync(deviceTopic('wl-after-slowloris', 'telemetry'), '{"waterLevelCm": 190}', { qos: 1 });
    expect(await waitFor(() => latestLevel('wl-after-slowloris'), 'the reading of the device connected after the slow peers')).toBe(190);
  });
});
