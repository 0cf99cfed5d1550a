import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { BrokerError } from '../errors';

/** Kendali's own user at an external broker, and the client id one of its connections uses. */
export interface SessionOptions {
  /** mqtt://host:port or mqtts://host:port */
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Stable across restarts when the session persists: the broker keeps its unacknowledged messages for it. */
  readonly clientId: string;
  /** How long the broker keeps a persistent session while Kendali is away, in seconds; absent = a clean session. */
  readonly sessionExpirySeconds?: number;
}

const reconnectPeriodMs = 1_000;

/**
 * Opens one MQTT v5 connection of Kendali's user and subscribes it to `filters` at QoS 1. A
 * persistent session's subscriptions live in the broker, so they are not repeated on reconnects.
 * `handle` is called for every message; the PUBACK goes out once it calls back [MQTT-4.3.2-1].
 */
export async function openSession(
  options: SessionOptions,
  filters: readonly string[],
  handle?: (packet: IPublishPacket, done: (error?: Error) => void) => void,
): Promise<MqttClient> {
  const persistent = options.sessionExpirySeconds !== undefined;
  const clientOptions: IClientOptions = {
    protocolVersion: 5,
    clientId: options.clientId,
    clean: !persistent,
    ...(persistent ? { properties: { sessionExpiryInterval: options.sessionExpirySeconds } } : {}),
    reconnectPeriod: reconnectPeriodMs,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    resubscribe: !persistent,
    manualConnect: true,
  };
  const client = connect(options.url, clientOptions);
  if (handle) client.handleMessage = handle;
  client.on('connect', () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true));
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      client.end(true);
      reject(new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `could not connect to ${options.url} as ${options.clientId}: ${error.message}`));
    };
    client.once('error', failed);
    client.once('connect', () => {
      client.off('error', failed);
      resolve();
    });
    client.connect();
  });
  if (filters.length === 0) return client;
  // A broker that lost the session (it expired, or the broker kept none across its restart) lost its subscriptions too.
  client.on('connect', (connack) => {
    if (persistent && !connack.sessionPresent) client.subscribe([...filters], { qos: 1 });
  });
  const granted = await client.subscribeAsync([...filters], { qos: 1 });
  const refused = granted.filter((grant) => grant.qos !== 1 && grant.qos !== 0);
  if (refused.length > 0) {
    client.end(true);
    throw new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `the broker refused ${refused.map((grant) => `"${grant.topic}"`).join(', ')}: Kendali's MQTT user needs the right to subscribe to them`);
  }
  return client;
}
