import type { Logger } from 'pino';
import { DeviceAnswers, FeedFollower } from '@kendali/broker';
import type { Clock } from '@kendali/contracts';
import type { Core } from '@kendali/ingest';
import { deliverAlarms, type AlarmDelivery } from '../alarm-delivery';
import type { PlatformConfig } from '../config';

type ExternalMqtt = NonNullable<PlatformConfig['externalMqtt']>;

export interface ApiRole {
  readonly follower: FeedFollower;
  readonly answers: DeviceAnswers;
  readonly alarmDelivery: AlarmDelivery;
  readonly ready: () => { ok: boolean; detail: string };
  close(): Promise<void>;
}

/** The internal feed's counts, for /metrics: read from the core's feed, so served before the node connects. */
export function feedCounters(feed: Core['feed']): Readonly<Record<string, { readonly help: string; readonly read: () => number }>> {
  if (feed === null) return {};
  return {
    kendali_feed_readings_applied_total: { help: 'Readings of the internal feed applied to the live state and alarms', read: () => feed.counts.applied },
    kendali_feed_readings_duplicate_total: { help: 'Readings of the internal feed applied already (delivered again), skipped', read: () => feed.counts.duplicates },
    kendali_feed_readings_late_total: { help: 'Readings of the internal feed older than the newest applied for their device: stored, not applied', read: () => feed.counts.outOfOrder },
    kendali_feed_messages_malformed_total: { help: 'Internal feed messages that matched no schema, dropped', read: () => feed.counts.malformed },
  };
}

/**
 * An api node's part: the internal feed followed into the live state and alarms; commands and
 * settings sent through the broker, and the devices' answers taken through a shared subscription;
 * alarm changes published and sent to the webhooks.
 */
export async function startApiRole(mqtt: ExternalMqtt, config: PlatformConfig, core: Core, clock: Clock, sessionExpirySeconds: number, logger: Logger): Promise<ApiRole> {
  const feed = core.feed;
  if (feed === null) throw new Error('an api node needs a core fed through the broker (liveFeed: "broker")');
  const account = { url: mqtt.url, username: mqtt.username, password: mqtt.password, sessionExpirySeconds };
  const answers = await DeviceAnswers.connect({
    ...account,
    clientId: `${mqtt.nodeId}-answers`,
    clock,
    commandResults: core.commands,
    settingsReports: core.settings,
    failed: ({ deviceId, error }) => logger.error({ deviceId, err: error }, "a device's answer could not be recorded; PUBACK withheld so the broker sends it again"),
  });
  const alarmDelivery = deliverAlarms(core.alarms, answers.outbox, config.alarmWebhooks, logger);
  const failed = (error: unknown) => logger.error({ err: error }, 'a command or settings change could not be published to the broker');
  core.commands.deliverThrough((deviceId, message) => answers.outbox.command(deviceId, message));
  await core.settings.deliverThrough((deviceId, message) => answers.outbox.settings(deviceId, message));
  core.registry.on('revoked', (deviceId) => {
    if (core.registry.get(deviceId) !== undefined) return; // disabled or given a new secret: its settings stay
    Promise.all([core.settings.forget(deviceId), answers.outbox.clearSettings(deviceId)]).catch(failed);
  });
  let follower: FeedFollower;
  try {
    follower = await FeedFollower.connect({ ...account, clientId: `${mqtt.nodeId}-api` }, feed);
  } catch (error) {
    await answers.close();
    throw error;
  }
  return {
    follower,
    answers,
    alarmDelivery,
    ready: () => {
      const ok = follower.connected && answers.connected;
      return { ok, detail: ok ? `following the internal feed at ${mqtt.url} as ${mqtt.nodeId}-api` : `not connected to ${mqtt.url}` };
    },
    close: async () => {
      await follower.close();
      await alarmDelivery.settle();
      await answers.close();
    },
  };
}
