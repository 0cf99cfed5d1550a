import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { deviceTopic, parseDeviceTopic, type RejectionNotice } from '@kendali/contracts';
import { BrokerError } from './errors';
import type { TelemetrySink } from './telemetry-sink';
import { checkPublishTopic } from './topic-acl';

export interface BrokerOptions {
  readonly sink: TelemetrySink;
  /** Maps a connected client to the device id it authenticated as; undefined = not bound (open mode). */
  readonly identityOf?: (client: Client) => string | undefined;
}

interface BrokerEvents {
  /** A client was refused or dropped; never fatal to the broker. */
  clientError: [{ clientId: string | undefined; message: string }];
  /** A store failure withheld a PUBACK; the device will send the message again. */
  storeFailed: [{ deviceId: string; error: Error }];
}

/**
 * Kendali's MQTT broker: Aedes with the topic ACL and the durability hook. For QoS1 Aedes writes
 * the PUBACK right after `authorizePublish` calls back (Aedes 1.2 lib/handlers/publish.js), so the
 * hook calls back only once ingest says the reading is durable: a PUBACK means "stored".
 */
export class KendaliBroker extends EventEmitter<BrokerEvents> {
  readonly #servers: NetServer[] = [];
  readonly #webSockets: WebSocketServer[] = [];
  readonly #identityOf: (client: Client) => string | undefined;
  #aedes: Aedes | undefined;

  private constructor(private readonly options: BrokerOptions) {
    super();
    this.#identityOf = options.identityOf ?? (() => undefined);
  }

  static async create(options: BrokerOptions): Promise<KendaliBroker> {
    const broker = new KendaliBroker(options);
    const aedes = await Aedes.createBroker({
      authorizePublish: (client, packet, callback) => broker.#authorizePublish(client, packet, callback),
    });
    broker.#aedes = aedes;
    // Status goes through the `publish` event rather than authorizePublish so last wills count too.
    aedes.on('publish', (packet) => {
      const topic = parseDeviceTopic(packet.topic);
      if (topic?.channel === 'status') options.sink.acceptStatus(topic.deviceId, packet.payload as Buffer);
    });
    aedes.on('clientError', (client, error) => broker.emit('clientError', { clientId: client?.id, message: error.message }));
    aedes.on('connectionError', (client, error) => broker.emit('clientError', { clientId: client?.id, message: error.message }));
    return broker;
  }

  get aedes(): Aedes {
    if (this.#aedes === undefined) throw new Error('broker not created');
    return this.#aedes;
  }

  #authorizePublish(client: Client | null, packet: PublishPacket, callback: (error?: Error | null) => void): void {
    if (client === null) return callback(null); // Kendali's own publishes (errors topics)
    let topic;
    try {
      topic = checkPublishTopic(packet.topic, this.#identityOf(client));
    } catch (error) {
      return callback(error as Error);
    }
    if (topic.channel !== 'telemetry') return callback(null);
    const { deviceId } = topic;
    this.options.sink.acceptTelemetry(deviceId, packet.payload as Buffer).then(
      (outcome) => {
        callback(null);
        for (const rejection of outcome.rejections) this.publishRejection(deviceId, packet, rejection);
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.emit('storeFailed', { deviceId, error: failure });
        callback(new BrokerError('KENDALI_ERR_STORE_FAILED', failure.message));
      },
    );
  }

  /** Answers a rejected message on the device's errors topic (QoS0: advisory, never retained). */
  publishRejection(deviceId: string, packet: PublishPacket, rejection: { code: RejectionNotice['code']; message: string }): void {
    const notice: RejectionNotice = { code: rejection.code, message: rejection.message, topic: packet.topic, at: new Date().toISOString() };
    this.aedes.publish(
      { cmd: 'publish', topic: deviceTopic(deviceId, 'errors'), payload: Buffer.from(JSON.stringify(notice)), qos: 0, retain: false, dup: false },
      () => undefined,
    );
  }

  /** Accepts MQTT over TCP; resolves with the address actually bound (port 0 picks a free one). */
  listenTcp(port: number, host: string): Promise<AddressInfo> {
    const server = createServer((socket: Socket) => {
      socket.setNoDelay(true); // Nagle adds ~20 ms to every small PUBACK (DESIGN.md, measured facts)
      this.aedes.handle(socket);
    });
    this.#servers.push(server);
    return listen(server, port, host);
  }

  /** Serves MQTT over WebSocket on an existing HTTP server, at `path` (e.g. /mqtt). */
  attachWebSocket(server: HttpServer, path: string): void {
    const wss = new WebSocketServer({ noServer: true });
    this.#webSockets.push(wss);
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== path) return;
      wss.handleUpgrade(request, socket, head, (ws) => {
        this.aedes.handle(createWebSocketStream(ws), request);
      });
    });
  }

  get connectedClients(): number {
    return this.aedes.connectedClients;
  }

  /** Stops accepting, disconnects clients (their wills fire) and closes the broker. */
  async close(): Promise<void> {
    for (const wss of this.#webSockets) {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    }
    await Promise.all(this.#servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
  }
}

function listen(server: NetServer, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
