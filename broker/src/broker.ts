import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { deviceTopic, parseDeviceTopic, type Clock, type RejectionNotice } from '@kendali/contracts';
import type { Authenticator, ClientIdentity, RefusalCode } from './client-identity';
import { ConnectGuard, defaultConnectGuard, type ConnectGuardOptions } from './connect-guard';
import { limitConnection, webSocketReceiver, type ConnectionLimits } from './connection-limits';
import { BrokerError } from './errors';
import { indexedRetainedPersistence } from './indexed-retained-persistence';
import { maySubscribe } from './subscribe-acl';
import type { TelemetrySink } from './telemetry-sink';
import { checkPublishTopic } from './topic-acl';

export interface BrokerOptions {
  readonly sink: TelemetrySink;
  /** Stamps the notices sent on a device's errors topic. */
  readonly clock: Clock;
  /** Decides who may connect and as whom; absent = open broker (tests and local tools only). */
  readonly authenticate?: Authenticator;
  /** Largest MQTT packet accepted, in bytes; a larger one closes the connection before it is buffered. */
  readonly maxPacketBytes?: number;
  /** Largest packet before CONNACK (the CONNECT included), in bytes: all an unauthenticated peer can make the broker hold. */
  readonly maxConnectBytes?: number;
  /** Time from accepting a connection until its CONNACK, in ms; a connection that takes longer is closed. */
  readonly connectTimeoutMs?: number;
  readonly connectGuard?: ConnectGuardOptions;
}

interface BrokerEvents {
  /** A client was refused or dropped; never fatal to the broker. */
  clientError: [{ clientId: string | undefined; message: string }];
  /** A store failure withheld a PUBACK; the device will send the message again. */
  storeFailed: [{ deviceId: string; error: Error }];
  /** A CONNECT was refused (unknown device, wrong secret, blocked address, …). */
  connectRefused: [{ clientId: string; username: string | undefined; remoteAddress: string; reason: string }];
}

const statusTopicSuffix = '/status';

const defaultMaxPacketBytes = 256 * 1024; // 256 KiB: ample for any telemetry batch
const defaultMaxConnectBytes = 4 * 1024; // 4 KiB: a CONNECT with long credentials and a will fits
const defaultConnectTimeoutMs = 5_000; // 5 s from accept to CONNACK

/**
 * Kendali's MQTT broker: Aedes with authentication, the topic ACL and the durability hook. For QoS1
 * Aedes writes the PUBACK right after `authorizePublish` calls back (Aedes 1.2
 * lib/handlers/publish.js), so the hook calls back only once ingest says the reading is durable:
 * a PUBACK means "stored".
 */
export class KendaliBroker extends EventEmitter<BrokerEvents> {
  readonly #servers: NetServer[] = [];
  readonly #webSockets: WebSocketServer[] = [];
  readonly #identities = new WeakMap<Client, ClientIdentity>();
  readonly #remoteAddresses = new WeakMap<object, string>();
  readonly #guard: ConnectGuard;
  readonly #limits: ConnectionLimits;
  #aedes: Aedes | undefined;

  private constructor(private readonly options: BrokerOptions) {
    super();
    this.#guard = new ConnectGuard(options.connectGuard ?? defaultConnectGuard);
    this.#limits = Object.freeze({
      maxPacketBytes: options.maxPacketBytes ?? defaultMaxPacketBytes,
      maxConnectBytes: options.maxConnectBytes ?? defaultMaxConnectBytes,
      connectTimeoutMs: options.connectTimeoutMs ?? defaultConnectTimeoutMs,
    });
  }

  static async create(options: BrokerOptions): Promise<KendaliBroker> {
    const broker = new KendaliBroker(options);
    const aedes = await Aedes.createBroker({
      persistence: indexedRetainedPersistence(),
      authenticate: (client, username, password, done) => void broker.#authenticate(client, username, password, done),
      authorizePublish: (client, packet, callback) => broker.#authorizePublish(client, packet, callback),
      authorizeSubscribe: (client, subscription, callback) => callback(null, broker.#authorizeSubscribe(client, subscription)),
    });
    broker.#aedes = aedes;
    // Status goes through the `publish` event rather than authorizePublish so last wills count too.
    aedes.on('publish', (packet, client) => {
      // Every telemetry message passes here too: a suffix test spares it a full topic parse.
      if (!packet.topic.endsWith(statusTopicSuffix)) return;
      const topic = parseDeviceTopic(packet.topic);
      if (topic?.channel !== 'status') return;
      const identity = client ? broker.#identities.get(client) : undefined;
      if (identity?.role === 'pending') return;
      options.sink.acceptStatus(topic.deviceId, packet.payload as Buffer);
    });
    aedes.on('clientError', (client, error) => broker.emit('clientError', { clientId: client?.id, message: error.message }));
    aedes.on('connectionError', (client, error) => broker.emit('clientError', { clientId: client?.id, message: error.message }));
    return broker;
  }

  get aedes(): Aedes {
    if (this.#aedes === undefined) throw new Error('broker not created');
    return this.#aedes;
  }

  get connectedClients(): number {
    return this.aedes.connectedClients;
  }

  /** Answers a rejected message on the device's errors topic (QoS0: advisory, never retained). */
  publishRejection(deviceId: string, topic: string, rejection: { code: RejectionNotice['code']; message: string }): void {
    const notice: RejectionNotice = { code: rejection.code, message: rejection.message, topic, at: new Date(this.options.clock.now()).toISOString() };
    this.publishToDevice(deviceId, 'errors', JSON.stringify(notice), 0);
  }

  /** Sends something to one device on its errors or commands topic. */
  publishToDevice(deviceId: string, channel: 'errors' | 'commands', payload: string, qos: 0 | 1): void {
    this.aedes.publish({ cmd: 'publish', topic: deviceTopic(deviceId, channel), payload: Buffer.from(payload), qos, retain: false, dup: false }, () => undefined);
  }

  /**
   * Closes the connections of clients that connected as this device (after it was disabled, deleted
   * or its secret rotated), or only its pending session (after an approval or rejection).
   */
  disconnectDevice(deviceId: string, only?: 'pending'): void {
    for (const client of Object.values((this.aedes as unknown as { clients: Record<string, Client> }).clients)) {
      const identity = this.#identities.get(client);
      if (identity === undefined || identity.role === 'observer' || identity.deviceId !== deviceId) continue;
      if (only === undefined || identity.role === only) client.close();
    }
  }

  /** Accepts MQTT over TCP; resolves with the address actually bound (port 0 picks a free one). */
  listenTcp(port: number, host: string): Promise<AddressInfo> {
    return this.#listen(createServer((socket: Socket) => this.#accept(socket)), port, host);
  }

  /** Accepts MQTT over TLS with the operator's certificate and key. */
  listenTls(port: number, host: string, tls: Pick<TlsOptions, 'cert' | 'key' | 'ca'>): Promise<AddressInfo> {
    // The handshake counts against the connect timeout too: a peer that stalls it holds a socket.
    const server = createTlsServer({ ...tls, handshakeTimeout: this.#limits.connectTimeoutMs }, (socket) => this.#accept(socket));
    // Node reports a failed or timed-out handshake here but leaves the socket open (Node 20 lib/_tls_wrap.js).
    server.on('tlsClientError', (error, socket) => {
      this.emit('clientError', { clientId: undefined, message: `TLS handshake failed: ${error.message}; connection closed` });
      socket.destroy();
    });
    return this.#listen(server, port, host);
  }

  /** Serves MQTT over WebSocket on an existing HTTP server, at `path` (e.g. /mqtt). */
  attachWebSocket(server: HttpServer, path: string): void {
    // Until CONNACK a message may be as large as the CONNECT bound; ws buffers a whole message before we see it.
    const wss = new WebSocketServer({ noServer: true, maxPayload: this.#limits.maxConnectBytes });
    this.#webSockets.push(wss);
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== path) return;
      wss.handleUpgrade(request, socket, head, (ws) => {
        const stream = createWebSocketStream(ws);
        this.#remoteAddresses.set(stream, request.socket.remoteAddress ?? 'unknown');
        const receiver = webSocketReceiver(ws);
        this.#limitConnection(this.aedes.handle(stream, request), stream, () => (receiver._maxPayload = this.#limits.maxPacketBytes));
      });
    });
  }

  /** Stops accepting, disconnects clients (their wills fire) and closes the broker. */
  async close(): Promise<void> {
    for (const wss of this.#webSockets) {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    }
    // A server's close callback waits for its last connection, so stop accepting first, then let
    // Aedes close its clients; a connection still before CONNACK ends by the connect timeout.
    const serversClosed = Promise.all(this.#servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await serversClosed;
  }

  #accept(socket: Socket): void {
    socket.setNoDelay(true); // Nagle adds ~20 ms to every small PUBACK (docs/architecture.md, decisions)
    this.#remoteAddresses.set(socket, socket.remoteAddress ?? 'unknown');
    this.#limitConnection(this.aedes.handle(socket), socket);
  }

  #limitConnection(client: Client, connection: Duplex, onConnected?: () => void): void {
    limitConnection(client, connection, this.#limits, (message) => this.emit('clientError', { clientId: client.id, message }), onConnected);
  }

  #listen(server: NetServer, port: number, host: string): Promise<AddressInfo> {
    this.#servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  async #authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): Promise<void> {
    const authenticate = this.options.authenticate;
    if (authenticate === undefined) return done(null, true);
    const remoteAddress = this.#remoteAddresses.get(client.conn) ?? 'unknown';
    const refuse = (returnCode: RefusalCode, reason: string) => {
      this.emit('connectRefused', { clientId: client.id, username, remoteAddress, reason });
      done(Object.assign(new Error(reason), { returnCode }) as AuthenticateError, false);
    };
    try {
      if (await this.#guard.isBlocked(remoteAddress)) return refuse(5, `too many failed connects from ${remoteAddress}; blocked for a while`);
      if (!(await this.#guard.admitConnect(remoteAddress))) return refuse(5, `${remoteAddress} opens connections faster than allowed; slow down and retry`);
      const decision = await authenticate({ clientId: client.id, username, password, remoteAddress });
      if (!decision.ok) {
        await this.#guard.recordFailure(remoteAddress);
        return refuse(decision.returnCode, decision.reason);
      }
      this.#identities.set(client, decision.identity);
      done(null, true);
    } catch (error) {
      refuse(3, `authentication failed: ${(error as Error).message}`); // the registry could not answer
    }
  }

  #authorizeSubscribe(client: Client, subscription: Subscription): Subscription | null {
    // A null subscription answers SUBACK 0x80 (failure) for this filter only [MQTT-3.9.3]; the connection stays.
    return maySubscribe(this.#identityOf(client), subscription.topic) ? subscription : null;
  }

  #identityOf(client: Client): ClientIdentity | undefined {
    return this.options.authenticate === undefined ? undefined : (this.#identities.get(client) ?? { role: 'observer', name: '(unauthenticated)' });
  }

  #authorizePublish(client: Client | null, packet: PublishPacket, callback: (error?: Error | null) => void): void {
    if (client === null) return callback(null); // Kendali's own publishes (errors topics)
    const identity = this.#identityOf(client);
    let topic;
    try {
      topic = checkPublishTopic(packet.topic, identity);
    } catch (error) {
      return callback(error as Error);
    }
    if (topic.channel !== 'telemetry') return callback(null);
    const { deviceId } = topic;
    if (identity?.role === 'pending') {
      callback(null);
      this.publishRejection(deviceId, packet.topic, { code: 'KENDALI_ERR_DEVICE_PENDING', message: `device "${deviceId}" awaits approval by an engineer; its readings are not stored yet` });
      return;
    }
    this.options.sink.acceptTelemetry(deviceId, packet.payload as Buffer).then(
      (outcome) => {
        callback(null);
        for (const rejection of outcome.rejections) this.publishRejection(deviceId, packet.topic, rejection);
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.emit('storeFailed', { deviceId, error: failure });
        callback(new BrokerError('KENDALI_ERR_STORE_FAILED', failure.message));
      },
    );
  }
}
