import { Socket } from 'node:net';
import mqtt from 'mqtt';

/** One device's MQTT connection as the load generator drives it. */
export interface PublishTransport {
  readonly socket: Socket;
  readonly connected: boolean;
  /** QoS1: `onAck` runs on the PUBACK, or with an error if the connection closed first. */
  publish(payload: string, qos: 0 | 1, onAck?: (error?: Error) => void): void;
  /** Sends DISCONNECT and closes; `force` drops the connection at once. */
  end(force: boolean): Promise<void>;
}

export type ClientKind = 'raw' | 'mqtt.js';

/** A device's identity on the broker: client id = username = device id, password = its secret. */
export interface DeviceLogin {
  readonly clientId: string;
  readonly password: string;
}

/** The mqtt package's client, as the simulators and real Node devices use it. */
export async function connectMqttJs(url: string, login: DeviceLogin, topic: string): Promise<PublishTransport> {
  const { clientId, password } = login;
  const client = mqtt.connect(url, {
    clientId,
    username: clientId,
    password,
    clean: true,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    log: () => undefined, // its debug logger costs measurable CPU per publish even when off
  });
  // mqtt.js leaves Nagle on, which adds ~20 ms to small packets (docs/architecture.md, decisions).
  if (client.stream instanceof Socket) client.stream.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
    client.once('close', () => reject(new Error(`${clientId}: connection closed before CONNACK`)));
  });
  if (!(client.stream instanceof Socket)) throw new Error(`${url}: the load generator needs a TCP (mqtt://) address`);
  const socket = client.stream;
  socket.setNoDelay(true);
  client.on('error', () => undefined); // surfaces through publish callbacks; never fatal here
  return {
    socket,
    get connected() {
      return client.connected;
    },
    publish(payload, qos, onAck) {
      client.publish(topic, payload, { qos }, onAck ? (error) => onAck(error) : undefined);
    },
    async end(force) {
      await client.endAsync(force);
    },
  };
}
