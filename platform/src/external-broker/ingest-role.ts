import type { Logger } from 'pino';
import { ExternalIngest, FeedPublisher } from '@kendali/broker';
import type { Clock } from '@kendali/contracts';
import type { Core } from '@kendali/ingest';
import type { PlatformConfig } from '../config';

type ExternalMqtt = NonNullable<PlatformConfig['externalMqtt']>;

export interface IngestRole {
  readonly ingest: ExternalIngest;
  readonly feed: FeedPublisher;
  /** Connected to the broker both to take messages in and to publish the feed. */
  readonly ready: () => { ok: boolean; detail: string };
  close(): Promise<void>;
}

/**
 * An ingest worker's part: the shared subscriptions of the devices' telemetry and status, each
 * message acknowledged once durable and once the internal feed holds what came of it.
 */
export async function startIngestRole(mqtt: ExternalMqtt, core: Core, clock: Clock, sessionExpirySeconds: number, logger: Logger): Promise<IngestRole> {
  const account = { url: mqtt.url, username: mqtt.username, password: mqtt.password };
  const feed = await FeedPublisher.connect({ ...account, clientId: `${mqtt.nodeId}-feed` }, clock);
  let ingest: ExternalIngest;
  try {
    ingest = await ExternalIngest.connect({ ...account, clientId: mqtt.nodeId, sink: core.pipeline, feed, clock, sessionExpirySeconds });
  } catch (error) {
    await feed.close();
    throw error;
  }
  ingest.on('storeFailed', ({ deviceId, error }) => logger.error({ deviceId, err: error }, 'store or feed failed; PUBACK withheld and connection dropped so the broker sends it again'));
  ingest.on('connectionError', (error) => logger.warn({ err: error }, 'external broker connection failed; reconnecting'));
  return {
    ingest,
    feed,
    ready: () => {
      const ok = ingest.connected && feed.connected;
      return { ok, detail: ok ? `taking devices' messages from ${mqtt.url} as ${mqtt.nodeId}` : `not connected to ${mqtt.url}` };
    },
    close: async () => {
      await ingest.close();
      await feed.close();
    },
  };
}
