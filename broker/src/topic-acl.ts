import { parseDeviceTopic, type ParsedTopic } from '@kendali/contracts';
import type { ClientIdentity } from './client-identity';
import { BrokerError } from './errors';

const devicePublishes: ReadonlySet<ParsedTopic['channel']> = new Set(['telemetry', 'status', 'commands/result', 'settings/reported']);

/**
 * May a client publish to this topic? Clients publish only to a device's telemetry, status,
 * commands/result or settings/reported topic; `errors`, `commands` and `settings` flow from Kendali to devices. When the client
 * authenticated as a device (`identity`), the topic must be that device's own.
 */
export function checkPublishTopic(topic: string, identity: ClientIdentity | undefined): ParsedTopic {
  if (identity?.role === 'observer') throw new BrokerError('KENDALI_ERR_TOPIC_FORBIDDEN', `Observer "${identity.name}" is read-only.`);
  const parsed = parseDeviceTopic(topic);
  if (parsed === undefined || !devicePublishes.has(parsed.channel)) {
    throw new BrokerError('KENDALI_ERR_TOPIC_FORBIDDEN', `Refused topic "${topic}".`);
  }
  if (identity !== undefined && parsed.deviceId !== identity.deviceId) {
    throw new BrokerError('KENDALI_ERR_TOPIC_NOT_OWN', `Device "${identity.deviceId}" published to "${topic}".`);
  }
  return parsed;
}
