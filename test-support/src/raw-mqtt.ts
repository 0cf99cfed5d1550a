import { createConnection, createServer, type Server, type Socket } from 'node:net';
import mqttPacket, { type IConnectPacket, type Packet } from 'mqtt-packet';

const answerTimeoutMs = 10_000;

/**
 * An MQTT 3.1.1 client that sends exactly the packets a test writes (a DUP retransmission, a
 * PUBREL withheld) and keeps every packet the broker answers, over a real TCP socket.
 */
export class RawMqttClient {
  /** Everything the broker sent, in order. */
  readonly received: Packet[] = [];
  readonly #socket: Socket;
  readonly #waiters = new Set<() => void>();
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet) => {
      this.received.push(packet);
      this.#wake();
    });
    socket.on('data', (chunk) => parser.parse(chunk));
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
    socket.on('error', () => undefined); // a reset shows as 'close'
  }

  /** Connects and waits for the CONNACK; fails unless the broker accepted the connection. */
  static async connect(port: number, connect: Pick<IConnectPacket, 'clientId' | 'username' | 'password' | 'clean'>): Promise<RawMqttClient> {
    const socket = createConnection(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawMqttClient(socket);
    client.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, keepalive: 60, ...connect });
    const connack = await client.next('connack');
    if (connack.cmd === 'connack' && connack.returnCode !== 0) {
      client.destroy();
      throw new Error(`CONNECT refused with return code ${connack.returnCode}`);
    }
    return client;
  }

  send(packet: Packet): void {
    this.#socket.write(mqttPacket.generate(packet));
  }

  /** Sends a PUBLISH; `dup` marks a retransmission. */
  publish(topic: string, payload: string, qos: 1 | 2, messageId: number, dup = false): void {
    this.send({ cmd: 'publish', topic, payload, qos, messageId, dup, retain: false });
  }

  /** Answers received with this command (and packet identifier), so far. */
  count(cmd: Packet['cmd'], messageId?: number): number {
    return this.received.filter((packet) => matches(packet, cmd, messageId)).length;
  }

  /** The `nth` answer (1-based) with this command and identifier, once it has arrived. */
  async next(cmd: Packet['cmd'], messageId?: number, nth = 1): Promise<Packet> {
    await this.#until(() => this.count(cmd, messageId) >= nth, `${cmd}${messageId === undefined ? '' : ` ${messageId}`} #${nth}`);
    return this.received.filter((packet) => matches(packet, cmd, messageId))[nth - 1] as Packet;
  }

  /** Resolves once the broker closed the connection. */
  closed(): Promise<void> {
    return this.#until(() => this.#closed, 'the connection to close');
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** Waits for a condition on what arrived, checked at every packet and at the close. */
  #until(condition: () => boolean, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no ${what} from the broker within ${answerTimeoutMs} ms; received ${this.received.map((p) => p.cmd).join(', ') || 'nothing'}`));
      }, answerTimeoutMs);
      const check = () => {
        if (!condition() && !this.#closed) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        if (condition()) resolve();
        else reject(new Error(`the broker closed the connection before ${what}; received ${this.received.map((p) => p.cmd).join(', ')}`));
      };
      this.#waiters.add(check);
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

function matches(packet: Packet, cmd: Packet['cmd'], messageId: number | undefined): boolean {
  return packet.cmd === cmd && (messageId === undefined || ('messageId' in packet && packet.messageId === messageId));
}

/**
 * A TCP proxy in front of a broker that passes everything through except the broker's answers
 * the test chooses to lose: at the first such packet it closes both sides, as a network that
 * fails just after the broker sent it. `lost` resolves with that packet.
 */
export interface LossyProxy {
  readonly port: number;
  readonly lost: Promise<Packet>;
  close(): Promise<void>;
}

export async function startLossyProxy(brokerPort: number, lose: (packet: Packet) => boolean): Promise<LossyProxy> {
  const sockets = new Set<Socket>();
  let lostPacket: (packet: Packet) => void = () => undefined;
  const lost = new Promise<Packet>((resolve) => (lostPacket = resolve));
  const server: Server = createServer((downstream) => {
    const upstream = createConnection(brokerPort, '127.0.0.1');
    for (const socket of [downstream, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => {
        sockets.delete(socket);
        downstream.destroy();
        upstream.destroy();
      });
      socket.on('error', () => undefined);
    }
    downstream.pipe(upstream);
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet) => {
      if (downstream.destroyed) return;
      if (!lose(packet)) return void downstream.write(mqttPacket.generate(packet));
      downstream.destroy();
      upstream.destroy();
      lostPacket(packet);
    });
    upstream.on('data', (chunk) => parser.parse(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    port: address.port,
    lost,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
