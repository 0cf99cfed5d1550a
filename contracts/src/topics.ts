/**
 * Topic grammar v1. The device id in a topic is the only identity a message carries;
 * ids inside payloads are never trusted.
 *
 *   kendali/v1/devices/{deviceId}/telemetry   device → Kendali  readings
 *   kendali/v1/devices/{deviceId}/status      device → Kendali  retained "online" / "offline", also the last will
 *   kendali/v1/devices/{deviceId}/errors      Kendali → device  why a message was rejected
 *   kendali/v1/devices/{deviceId}/commands         Kendali → device  commands (QoS1, JSON `{ id, name, params, expiresAt }`)
 *   kendali/v1/devices/{deviceId}/commands/result  device → Kendali  a command's outcome (JSON `{ id, ok, detail? }`)
 *   kendali/v1/devices/{deviceId}/settings          Kendali → device  desired settings (retained, QoS1, JSON `{ version, settings, at }`)
 *   kendali/v1/devices/{deviceId}/settings/reported device → Kendali  the settings the device applied (JSON `{ version?, settings }`)
 */
export const topicPrefix = 'kendali/v1/devices';

export const topicChannels = ['telemetry', 'status', 'errors', 'commands', 'commands/result', 'settings', 'settings/reported'] as const;
export type TopicChannel = (typeof topicChannels)[number];

/** Letters, digits, dot, dash and underscore; 1-64 characters, starting with a letter or digit. */
export const deviceIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isDeviceId(value: string): boolean {
  return deviceIdPattern.test(value);
}

export function deviceTopic(deviceId: string, channel: TopicChannel): string {
  return `${topicPrefix}/${deviceId}/${channel}`;
}

export interface ParsedTopic {
  readonly deviceId: string;
  readonly channel: TopicChannel;
}

/** Parses a device topic; returns undefined for anything outside the v1 grammar. */
export function parseDeviceTopic(topic: string): ParsedTopic | undefined {
  if (!topic.startsWith(topicPrefix + '/')) return undefined;
  const rest = topic.slice(topicPrefix.length + 1).split('/');
  if (rest.length !== 2 && rest.length !== 3) return undefined;
  const [deviceId, ...channelLevels] = rest as [string, ...string[]];
  const channel = channelLevels.join('/');
  if (!isDeviceId(deviceId)) return undefined;
  if (!(topicChannels as readonly string[]).includes(channel)) return undefined;
  return { deviceId, channel: channel as TopicChannel };
}

export const statusPayloads = { online: 'online', offline: 'offline' } as const;
