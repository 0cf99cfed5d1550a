import { alarmTopicPrefix, topicPrefix } from '@kendali/contracts';
import type { ClientIdentity } from './client-identity';

/**
 * May this client subscribe to this filter? Devices (and pending devices) only to their own
 * errors and commands, devices (not pending ones) also to their own settings; observers to any
 * device's telemetry and status and to alarms, never to other channels.
 */
export function maySubscribe(identity: ClientIdentity | undefined, filter: string): boolean {
  if (identity === undefined) return true; // open mode (no authenticator): tests and local tools only
  if (identity.role === 'observer' && (filter === `${alarmTopicPrefix}/#` || filter === `${alarmTopicPrefix}/+`)) return true;
  const levels = filter.split('/');
  const prefixLevels = topicPrefix.split('/');
  if (levels.length !== prefixLevels.length + 2 || !prefixLevels.every((level, i) => levels[i] === level)) return false;
  const deviceLevel = levels[prefixLevels.length]!;
  const channel = levels[prefixLevels.length + 1]!;
  if (identity.role === 'observer') return channel === 'telemetry' || channel === 'status';
  if (deviceLevel !== identity.deviceId) return false;
  return channel === 'errors' || channel === 'commands' || (channel === 'settings' && identity.role === 'device');
}
