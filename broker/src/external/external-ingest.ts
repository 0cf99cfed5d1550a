import { EventEmitter } from 'node:events';
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { deviceTopic, internalTopicPrefix, parseDeviceTopic, topicPrefix, type Clock, type RejectionNotice } from '@kendali/contracts';
import type { Rejection } from '../device-outbox';
import { BrokerError } from '../errors';
import type { TelemetrySink } from '../telemetry-sink';
import type { FeedOutcome, FeedPublisher } from './internal-feed';

/** The shared-subscription group every ingest worker joins: the broker hands each message to one member [MQTT-4.8.2]. */
const shareGroup = 'kendali';
export const ingestFilters = [`$share/${shareGroup}/${topicPrefix}/+/telemetry`, `$share/${shareGroup}/${topicPrefix}/+/status`] as const;

export interface ExternalIngestOptions {
  /** mqtt://host:port or mqtts://host:port */
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Stable across restarts: the broker keeps this session's unacknowledged messages for it. */
  readonly clientId: string;
  /** Ingest's pipeline: it tells what it stored, for the internal feed. */
  readonly sink: Pick<TelemetrySink, 'acceptStatus'> & { acceptTelemetry(deviceId: string, payload: Buffer): Promise<FeedOutcome> };
  /** Where what was made durable is published for every api node, before the device's PUBACK. */
  readonly feed: Pick<FeedPublisher, 'telemetry' | 'status'>;
  /** Stamps the notices sent on a device's errors topic. */
  readonly clock: Clock;
  /** How long the broker keeps the session while Kendali is away, in seconds. */
  readonly sessionExpirySeconds: number;
}

export interface ExternalIngestEvents {
  /** A reading could not be made durable (or the feed did not take it): it was not acknowledged, and the connection is dropped so the broker sends it again. */
  storeFailed: [failure: { deviceId: string; error: Error }];
  /** The connection to the broker failed or dropped; mqtt.js reconnects by itself. */
  connectionError: [error: Error];
}

const reconnectPeriodMs = 1_000;

/** Where a retiring session sends itself the marker that ends its queue: under the internal prefix, which only Kendali's user may use. */
const retireMarkerTopic = (clientId: string) => `${internalTopicPrefix}/retire/${clientId}`;

/**
 * Kendali as an ingest worker of an external MQTT v5 broker. It joins the shared subscriptions of
 * every device's telemetry and status at QoS 1 with a persistent session, and acknowledges each
 * message only once ingest has made it durable: mqtt.js sends a QoS 1 PUBACK when the callback of
 * `handleMessage` runs (mqtt 5.14 lib/handlers/publish.js), so a worker killed before that leaves
 * the message with the broker, which sends it again when the session resumes. A copy stored twice
 * is one reading: stores keep one reading per device and time.
 *
 * Before that PUBACK, what came of the message goes out on the internal feed (`internal-feed.ts`)
 * for every api node's live state and alarms, on a connection of its own: mqtt.js handles the
 * packets of one connection one at a time, the next only after the previous PUBACK, so the feed's
 * own PUBACKs could not arrive on this one. That also means one connection stores one message per
 * commit; a worker therefore opens several of these, members of the same share group, whose
 * messages meet in the pipeline's group commit (`ingest-connections.ts`).
 */
export class ExternalIngest extends EventEmitter<ExternalIngestEvents> {
  /** While a session is retired: the marker that says its queue is drained. */
  #marker: { topic: string; arrived: () => void } | undefined;

  private constructor(
    readonly client: MqttClient,
    private readonly options: ExternalIngestOptions,
  ) {
    super();
  }

  static async connect(options: ExternalIngestOptions): Promise<ExternalIngest> {
    const { ingest } = await ExternalIngest.#open(options);
    const { client } = ingest;
    // A broker that lost the session (it expired, or the broker kept none across its restart) lost its subscriptions too.
    client.on('connect', (connack) => {
      if (!connack.sessionPresent) client.subscribe([...ingestFilters], { qos: 1 });
    });
    await ingest.#subscribe([...ingestFilters]);
    return ingest;
  }

  /**
   * Ends the session of a client id the worker no longer uses (KENDALI_INGEST_CONNECTIONS lowered),
   * so the broker stops handing it a share of the devices' messages that nobody would take. What it
   * holds is taken in first, as any connection's messages: it leaves the share group, then sends
   * itself a marker through the session's queue; once the marker arrives, everything queued before
   * it has been stored and acknowledged (brokers deliver a session's queue in order: Mosquitto,
   * EMQX and HiveMQ keep it first in, first out), and the session is closed with an expiry of 0
   * [MQTT-3.14.2-2 allows lowering it at DISCONNECT]. A crash midway leaves the session as it was,
   * to be retired at the next start. Resolves with whether there was a session.
   */
  static async retire(options: ExternalIngestOptions, watch: (ingest: ExternalIngest) => void = () => undefined): Promise<'none' | 'retired'> {
    const { ingest, sessionPresent } = await ExternalIngest.#open(options);
    watch(ingest);
    const { client } = ingest;
    const ended = { properties: { sessionExpiryInterval: 0 } };
    if (!sessionPresent) {
      await client.endAsync(false, ended);
      return 'none';
    }
    try {
      await client.unsubscribeAsync([...ingestFilters]);
      const marker = retireMarkerTopic(options.clientId);
      const drained = new Promise<void>((resolve) => (ingest.#marker = { topic: marker, arrived: resolve }));
      await ingest.#subscribe([marker]);
      await client.publishAsync(marker, '', { qos: 1 });
      await drained;
      await client.unsubscribeAsync(marker);
      await client.endAsync(false, ended);
      return 'retired';
    } catch (error) {
      client.end(true);
      throw error;
    }
  }

  static async #open(options: ExternalIngestOptions): Promise<{ ingest: ExternalIngest; sessionPresent: boolean }> {
    const clientOptions: IClientOptions = {
      protocolVersion: 5,
      clientId: options.clientId,
      clean: false,
      properties: { sessionExpiryInterval: options.sessionExpirySeconds },
      reconnectPeriod: reconnectPeriodMs,
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      // Subscriptions live in the broker's session; mqtt.js need not repeat them after a reconnect.
      resubscribe: false,
      manualConnect: true,
    };
    const client = connect(options.url, clientOptions);
    const ingest = new ExternalIngest(client, options);
    client.handleMessage = (packet, callback) => ingest.#take(packet, callback);
    client.on('connect', () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true));
    client.on('error', (error) => ingest.emit('connectionError', error));
    const sessionPresent = await new Promise<boolean>((resolve, reject) => {
      const failed = (error: Error) => {
        client.end(true);
        reject(new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `could not connect to ${options.url}: ${error.message}`));
      };
      client.once('error', failed);
      client.once('connect', (connack) => {
        client.off('error', failed);
        resolve(connack.sessionPresent);
      });
      client.connect();
    });
    return { ingest, sessionPresent };
  }

  async #subscribe(filters: string[]): Promise<void> {
    const granted = await this.client.subscribeAsync(filters, { qos: 1 });
    const refused = granted.filter((grant) => grant.qos !== 1 && grant.qos !== 0);
    if (refused.length > 0) {
      this.client.end(true);
      throw new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `the broker refused ${refused.map((grant) => `"${grant.topic}"`).join(', ')}: Kendali's MQTT user needs the right to subscribe to them`);
    }
  }

  /** Answers a rejected message on the device's errors topic (QoS 0: advisory, never retained). */
  reject(deviceId: string, topic: string, rejection: Rejection): void {
    const notice: RejectionNotice = { code: rejection.code, message: rejection.message, topic, at: new Date(this.options.clock.now()).toISOString() };
    this.client.publish(deviceTopic(deviceId, 'errors'), JSON.stringify(notice), { qos: 0 });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Leaves the session with the broker (it keeps what is not acknowledged) and closes the connection. */
  async close(): Promise<void> {
    await this.client.endAsync();
  }

  #take(packet: IPublishPacket, callback: (error?: Error) => void): void {
    if (packet.topic === this.#marker?.topic) {
      this.#marker.arrived();
      return callback();
    }
    const topic = parseDeviceTopic(packet.topic);
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    if (topic?.channel === 'status') {
      this.options.sink.acceptStatus(topic.deviceId, payload);
      this.options.feed.status(topic.deviceId, payload).then(() => callback(), (error: unknown) => this.#withhold(topic.deviceId, error, callback));
      return;
    }
    if (topic?.channel !== 'telemetry') return callback();
    const { deviceId } = topic;
    // The feed is told before the PUBACK: a worker that dies in between leaves the message with the
    // broker, which sends it again; the feed then carries it twice and api nodes apply it once.
    const published = this.options.sink.acceptTelemetry(deviceId, payload).then(async (outcome) => {
      await this.options.feed.telemetry(deviceId, outcome);
      return outcome;
    });
    published.then(
      (outcome) => {
        callback();
        for (const rejection of outcome.rejections) this.reject(deviceId, packet.topic, rejection);
      },
      (error: unknown) => this.#withhold(deviceId, error, callback),
    );
  }

  /** The message was not made durable, or the feed did not take what came of it: no PUBACK. */
  #withhold(deviceId: string, error: unknown, callback: (error?: Error) => void): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.emit('storeFailed', { deviceId, error: failure });
    // No PUBACK: dropping the connection makes the broker send the message again on the resumed session.
    callback(failure);
    this.client.stream.destroy();
  }
}
