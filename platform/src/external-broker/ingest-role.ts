import type { Logger } from 'pino';
import { FeedPublisher, IngestConnections } from '@kendali/broker';
import type { Clock } from '@kendali/contracts';
import type { Core } from '@kendali/ingest';
import type { PlatformConfig } from '../config';

type ExternalMqtt = NonNullable<PlatformConfig['externalMqtt']>;

export interface IngestRole {
  readonly ingest: IngestConnections;
  readonly feed: FeedPublisher;
  /** Every connection up, both to take messages in and to publish the feed. */
  readonly ready: () => { ok: boolean; detail: string };
  close(): Promise<void>;
}

/**
 * An ingest worker's part: the shared subscriptions of the devices' telemetry and status on
 * `mqtt.ingestConnections` connections, each message acknowledged once durable and once the
 * internal feed holds what came of it.
 */
export async function startIngestRole(mqtt: ExternalMqtt, core: Core, clock: Clock, sessionExpirySeconds: number, logger: Logger): Promise<IngestRole> {
  const account = { url: mqtt.url, username: mqtt.username, password: mqtt.password };
  const feed = await FeedPublisher.connect({ ...account, clientId: `${mqtt.nodeId}-feed` }, clock);
  let ingest: IngestConnections;
  try {
    ingest = await IngestConnections.connect({ ...account, nodeId: mqtt.nodeId, count: mqtt.ingestConnections, sink: core.pipeline, feed, clock, sessionExpirySeconds });
  } catch (error) {
    await feed.close();
    throw error;
  }
  ingest.on('storeFailed', ({ deviceId, error }) => logger.error({ deviceId, err: error }, 'store or feed failed; PUBACK withheld and connection dropped so the broker sends it again'));
  ingest.on('connectionError', (error) => logger.warn({ err: error }, 'external broker connection failed; reconnecting'));
  try {
    const retired = await ingest.retireLeftOver();
    if (retired.length > 0) logger.info({ clientIds: retired }, 'sessions of connections no longer used (KENDALI_INGEST_CONNECTIONS lowered) drained and ended');
  } catch (error) {
    await ingest.close();
    await feed.close();
    throw error;
  }
  const total = ingest.connections.length;
  return {
    ingest,
    feed,
    ready: () => {
      const up = ingest.connectedCount;
      const ok = up === total && feed.connected;
      const taking = `${up} of ${total} connections taking devices' messages from ${mqtt.url} as ${mqtt.nodeId}`;
      return { ok, detail: feed.connected ? taking : `${taking}; the internal feed is not connected` };
    },
    close: async () => {
      await ingest.close();
      await feed.close();
    },
  };
}
