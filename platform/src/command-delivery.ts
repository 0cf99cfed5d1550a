import type { Logger } from 'pino';
import type { KendaliBroker } from '@kendali/broker';
import { parseDeviceTopic } from '@kendali/contracts';
import type { Commands } from '@kendali/ingest';

/**
 * Connects the command service to the broker: commands go out through the device outbox, a
 * device's PUBACK marks its command sent, and a device that subscribes to its commands topic is
 * sent every command still waiting for it (Aedes keeps undelivered QoS1 messages in memory only,
 * so after a restart this is how they reach the device).
 */
export function deliverCommands(commands: Commands, broker: KendaliBroker, logger: Logger): void {
  const failed = (error: unknown) => logger.error({ err: error }, 'a command change could not be recorded');
  commands.deliverThrough((deviceId, message) => broker.outbox.command(deviceId, message));
  broker.on('commandTaken', ({ deviceId, commandId }) => void commands.taken(deviceId, commandId).catch(failed));
  broker.on('subscribed', ({ topics }) => {
    for (const topic of topics) {
      const parsed = parseDeviceTopic(topic);
      if (parsed?.channel === 'commands') void commands.resend(parsed.deviceId).catch(failed);
    }
  });
}
