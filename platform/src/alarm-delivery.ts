import type { Logger } from 'pino';
import type { DeviceOutbox } from '@kendali/broker';
import { AlarmWebhooks, defaultWebhookOptions, type AlarmEngine } from '@kendali/ingest';
import type { PlatformConfig } from './config';

const settleTimeoutMs = 5_000; // 5 s: how long a stop waits for webhooks still in flight

export interface AlarmDelivery {
  /** Waits for webhooks still in flight, at most 5 s. */
  settle(): Promise<void>;
}

/**
 * Sends every alarm change to the systems that follow alarms: the configured webhooks (signed,
 * retried; what gave up is logged) and MQTT, where open alarms stay retained so a new subscriber
 * sees them at once. With several nodes, the alarm leader delivers every change, whichever node made it.
 */
export function deliverAlarms(alarms: AlarmEngine, outbox: Pick<DeviceOutbox, 'alarm'>, settings: PlatformConfig['alarmWebhooks'], logger: Logger): AlarmDelivery {
  const webhooks = new AlarmWebhooks({
    ...defaultWebhookOptions,
    urls: settings.urls,
    ...(settings.secret ? { secret: settings.secret } : {}),
  });
  webhooks.on('failed', ({ url, alarmId, error }) => logger.warn({ url, alarmId, err: error }, 'alarm webhook gave up'));
  webhooks.on('retrying', ({ url, alarmId, attempts, error }) => logger.debug({ url, alarmId, attempts, err: error }, 'alarm webhook attempt failed; retrying'));
  alarms.on('change', (alarm, event) => {
    // Several nodes on one database see every change; only the one evaluating rules delivers it, so it goes out once.
    if (!alarms.leader) return;
    webhooks.send(alarm, event);
    outbox.alarm(alarm.id, { event, alarm }, alarm.state !== 'cleared');
  });
  return {
    settle: async () => {
      await Promise.race([webhooks.settle(), new Promise((resolve) => setTimeout(resolve, settleTimeoutMs).unref())]);
    },
  };
}
