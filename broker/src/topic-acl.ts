import { parseDeviceTopic, type ParsedTopic } from '@kendali/contracts';
import { BrokerError } from './errors';

/**
 * May a client publish to this topic? Clients publish only to a device's telemetry or status
 * topic; `errors` and `commands` flow from Kendali to devices. When the client authenticated as a
 * device (`identity`), the topic must be that device's own.
 */
export function checkPublishTopic(topic: string, identity: string | undefined): ParsedTopic {
  const parsed = parseDeviceTopic(topic);
  if (parsed === undefined || (parsed.channel !== 'telemetry' && parsed.channel !== 'status')) {
    throw new BrokerError('KENDALI_ERR_TOPIC_FORBIDDEN', `Refused topic "${topic}".`);
  }
  if (identity !== undefined && parsed.deviceId !== identity) {
    throw new BrokerError('KENDALI_ERR_TOPIC_NOT_OWN', `Device "${identity}" published to "${topic}".`);
  }
  return parsed;
}
