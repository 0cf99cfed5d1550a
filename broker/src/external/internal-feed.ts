import type { MqttClient } from 'mqtt';
import { feedChannelOf, feedTopic, internalTopicPrefix, statusPayloads, type Clock, type FeedStatus, type FeedTelemetry, type Reading } from '@kendali/contracts';
import type { Rejection } from '../device-outbox';
import { openSession, type SessionOptions } from './broker-session';

/** Every api node follows the whole feed (not shared: each needs every reading). */
export const feedFilter = `${internalTopicPrefix}/#`;

/** What one telemetry message became, as the pipeline tells it. */
export interface FeedOutcome {
  readonly readings: readonly Reading[];
  readonly rejections: readonly Rejection[];
  readonly receivedAt: number;
}

/**
 * An ingest worker's side of the internal feed: one clean connection that publishes, at QoS 1, what
 * the worker made durable. Each publish resolves on the broker's PUBACK, so the worker acknowledges
 * the device's message only once the feed holds what came of it.
 */
export class FeedPublisher {
  private constructor(
    readonly client: MqttClient,
    private readonly clock: Clock,
  ) {}

  static async connect(options: SessionOptions, clock: Clock): Promise<FeedPublisher> {
    return new FeedPublisher(await openSession(options, []), clock);
  }

  async telemetry(deviceId: string, outcome: FeedOutcome): Promise<void> {
    const message: FeedTelemetry = { deviceId, receivedAt: outcome.receivedAt, readings: outcome.readings, rejections: outcome.rejections.map(({ code, message }) => ({ code, message })) };
    await this.client.publishAsync(feedTopic('telemetry', deviceId), JSON.stringify(message), { qos: 1 });
  }

  /** A device's status message (or last will); anything but "online" or "offline" is not passed on. */
  async status(deviceId: string, payload: Buffer): Promise<void> {
    const text = payload.toString('utf8').trim();
    if (text !== statusPayloads.online && text !== statusPayloads.offline) return;
    const message: FeedStatus = { deviceId, state: text, at: this.clock.now() };
    await this.client.publishAsync(feedTopic('status', deviceId), JSON.stringify(message), { qos: 1 });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}

/** Where an api node applies the feed (ingest's FeedApplier). */
export interface FeedSink {
  applyTelemetry(payload: Buffer): void;
  applyStatus(payload: Buffer): void;
}

/**
 * An api node's side of the internal feed: a persistent session (the broker keeps what it missed
 * while it was away) subscribed to the whole feed at QoS 1. Each message is applied before its
 * PUBACK goes out: mqtt.js emits `message` before it calls `handleMessage` (mqtt 5.14 lib/handlers/publish.js).
 */
export class FeedFollower {
  private constructor(readonly client: MqttClient) {}

  static async connect(options: SessionOptions & { readonly sessionExpirySeconds: number }, sink: FeedSink): Promise<FeedFollower> {
    const client = await openSession(options, [feedFilter], (packet, done) => {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      const channel = feedChannelOf(packet.topic);
      if (channel === 'telemetry') sink.applyTelemetry(payload);
      else if (channel === 'status') sink.applyStatus(payload);
      done();
    });
    return new FeedFollower(client);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
