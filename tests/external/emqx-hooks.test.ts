import { createConnection, createServer, type Socket } from 'node:net';
import mqttPacket, { type IConnectPacket } from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import {
  freePort,
  makeTempDir,
  registerDevice,
  spawnPlatform,
  serverSuite,
  startMosquitto,
  testAdminToken,
  type Mosquitto,
  type RunningPlatform,
} from '@kendali/test-support';

const broker = serverSuite('mosquitto');

const hookSecret = 'emqx-hook-secret-of-the-platform-suite';
const ingestUser = { username: 'kendali-ingest', password: 'ingest-password-of-the-suite' };

/** What the gate asked the platform's authenticate hook about one CONNECT, and the answer ('unreachable' when nothing listened). */
interface Asked {
  readonly clientId: string;
  readonly username: string;
  readonly answer: string;
}

/**
 * EMQX's HTTP authenticator in front of Mosquitto: every CONNECT is first sent to the platform's
 * authenticate hook with the body of the README's emqx.conf, and reaches the broker only on
 * "allow"; anything else is refused with CONNACK "not authorized", as EMQX refuses it.
 */
async function startHookGate(brokerPort: number, hook: string, secret: string) {
  const asked: Asked[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // a reset shows as 'close'
  };
  const authenticate = async (connect: IConnectPacket, peerhost: string): Promise<string> => {
    const body = { clientid: connect.clientId, username: connect.username ?? '', password: connect.password?.toString() ?? '', peerhost };
    try {
      const response = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify(body) });
      return response.ok ? ((await response.json()) as { result: string }).result : `HTTP ${response.status}`;
    } catch {
      return 'unreachable';
    }
  };
  const server = createServer((client) => {
    track(client);
    const held: Buffer[] = [];
    const parser = mqttPacket.parser();
    const hold = (chunk: Buffer) => {
      held.push(chunk);
      parser.parse(chunk);
    };
    client.on('data', hold);
    parser.once('packet', (packet) => {
      client.off('data', hold);
      client.pause();
      if (packet.cmd !== 'connect') return void client.destroy();
      void authenticate(packet, client.remoteAddress ?? '').then((answer) => {
        asked.push({ clientId: packet.clientId, username: packet.username ?? '', answer });
        const protocolVersion = packet.protocolVersion ?? 4;
        if (answer !== 'allow') {
          const refusal = protocolVersion === 5 ? { reasonCode: 0x87 } : { returnCode: 5 }; // [MQTT-3.2.2.2] not authorized
          return void client.end(mqttPacket.generate({ cmd: 'connack', sessionPresent: false, ...refusal }, { protocolVersion }));
        }
        const broker = createConnection(brokerPort, '127.0.0.1');
        track(broker);
        broker.on('close', () => client.destroy());
        client.on('close', () => broker.destroy());
        broker.write(Buffer.concat(held));
        client.pipe(broker);
        broker.pipe(client);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `mqtt://127.0.0.1:${port}`,
    asked,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The platform process in external broker mode with KENDALI_BROKER_HOOK_SECRET: what EMQX would ask
 * over HTTP, answered from the registry the API keeps. No EMQX can run here: an open Mosquitto
 * (no accounts of its own) carries ingest behind a gate that plays EMQX's HTTP authenticator for
 * every connection, the platform's own included, and this suite plays EMQX's authenticator and
 * authoriser, sending the bodies of the README's emqx.conf (the contract itself, JSON and
 * form-encoded, is platform/src/external-broker/broker-hooks.test.ts).
 */
describe.skipIf(!broker.available)(broker.title("external broker mode: EMQX's HTTP hooks served by the platform process"), () => {
  let mosquitto: Mosquitto;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let gate: Awaited<ReturnType<typeof startHookGate>>;
  let platform: RunningPlatform;

  beforeAll(async () => {
    mosquitto = await startMosquitto({ accounts: 'none' });
    data = await makeTempDir('emqx-hooks');
    const httpPort = await freePort(); // the gate must know where the hooks will be before the platform starts
    gate = await startHookGate(mosquitto.port, `http://127.0.0.1:${httpPort}/api/broker/emqx/authenticate`, hookSecret);
    platform = await spawnPlatform(
      {
        KENDALI_DATA_DIR: data.path,
        KENDALI_HTTP_PORT: String(httpPort),
        KENDALI_NODE_ID: 'kendali-emqx-1',
        KENDALI_MQTT_URL: gate.url,
        KENDALI_MQTT_DYNAMIC_SECURITY: '0',
        KENDALI_MQTT_USERNAME: ingestUser.username,
        KENDALI_MQTT_PASSWORD: ingestUser.password,
        KENDALI_BROKER_HOOK_SECRET: hookSecret,
      },
      { stopWithParent: true },
    );
  });

  afterAll(async () => {
    await platform?.stop();
    await gate?.close();
    await mosquitto?.close();
    await data?.remove();
  });

  const ask = async (hook: 'authenticate' | 'authorize', body: Record<string, string>, authorization = `Bearer ${hookSecret}`) => {
    const response = await fetch(`${platform.http}/api/broker/emqx/${hook}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'cache-control': 'no-cache', authorization },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it("listens before it connects: each of its own connections was let in by its hook at the first ask", () => {
    const own = gate.asked.filter((asked) => asked.username === ingestUser.username);
    expect(own.map((asked) => asked.clientId)).toEqual(expect.arrayContaining(['kendali-emqx-1-answers', 'kendali-emqx-1-api', 'kendali-emqx-1-feed']));
    expect(own.filter((asked) => asked.answer !== 'allow')).toEqual([]);
  });

  it("lets in a device registered through the API and Kendali's own user, keeps the device to its topics, and opens only to the hook secret", async () => {
    const secret = await registerDevice(platform.http, 'wl-emqx-1', { kind: 'water-level', name: 'Pos Sewan', district: 'Karawaci' });
    const device = { clientid: 'wl-emqx-1', username: 'wl-emqx-1', peerhost: '10.30.0.1' };
    expect(await ask('authenticate', { ...device, password: secret })).toEqual({ status: 200, body: { result: 'allow', is_superuser: false } });
    expect(await ask('authenticate', { ...device, password: `${secret}x` })).toEqual({ status: 200, body: { result: 'deny', is_superuser: false } });
    const ingest = { clientid: 'kendali-worker-1', username: ingestUser.username, password: ingestUser.password, peerhost: '10.30.0.2' };
    expect(await ask('authenticate', ingest)).toEqual({ status: 200, body: { result: 'allow', is_superuser: false } });

    const access = (action: string, topic: string) => ({ clientid: 'wl-emqx-1', username: 'wl-emqx-1', peerhost: '10.30.0.1', action, topic, qos: '1', retain: 'false' });
    expect((await ask('authorize', access('publish', deviceTopic('wl-emqx-1', 'telemetry')))).body).toEqual({ result: 'allow' });
    expect((await ask('authorize', access('publish', deviceTopic('wl-emqx-2', 'telemetry')))).body).toEqual({ result: 'deny' });

    for (const authorization of [`Bearer ${testAdminToken}`, `Bearer ${hookSecret.slice(1)}`]) {
      const refused = await ask('authenticate', { ...device, password: secret }, authorization);
      expect(refused).toMatchObject({ status: 401, body: { error: { code: 'KENDALI_ERR_BROKER_HOOK_SECRET' } } });
    }
  });
});
