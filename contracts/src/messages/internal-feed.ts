import { Type, type Static } from 'typebox';
import { rejectionCodes, type RejectionCode } from '../rejection';
import { ReadingSchema } from './reading';
import { List, Message, StringEnum } from './schema-builders';

/**
 * The internal feed, in external-broker mode: what the ingest workers publish once they made a
 * device's message durable, for every api node's live state and alarms. Only Kendali's own user
 * may publish or subscribe here; devices never can.
 *
 *   kendali/v1/internal/telemetry/{deviceId}  one telemetry message of a device: its stored readings and what was refused
 *   kendali/v1/internal/status/{deviceId}     a device said "online" or "offline" (or its last will did)
 */
export const internalTopicPrefix = 'kendali/v1/internal';

export const feedChannels = ['telemetry', 'status'] as const;
export type FeedChannel = (typeof feedChannels)[number];

export function feedTopic(channel: FeedChannel, deviceId: string): string {
  return `${internalTopicPrefix}/${channel}/${deviceId}`;
}

/** The channel of an internal feed topic; undefined for any other topic. */
export function feedChannelOf(topic: string): FeedChannel | undefined {
  if (!topic.startsWith(`${internalTopicPrefix}/`)) return undefined;
  const channel = topic.slice(internalTopicPrefix.length + 1).split('/', 1)[0];
  return (feedChannels as readonly string[]).includes(channel ?? '') ? (channel as FeedChannel) : undefined;
}

/** Payload of `kendali/v1/internal/telemetry/{deviceId}`: one device message, once its readings are durable. */
export const FeedTelemetrySchema = Message({
  deviceId: Type.String(),
  /** When the worker took the message in, ms epoch: when the device was last heard. */
  receivedAt: Type.Number(),
  /** The readings stored, in the order the message held them. */
  readings: List(ReadingSchema),
  /** Why parts of it (or all of it) were refused, as answered on the device's errors topic. */
  rejections: List(Message({ code: StringEnum(Object.keys(rejectionCodes) as RejectionCode[]), message: Type.String() })),
});
export type FeedTelemetry = Static<typeof FeedTelemetrySchema>;

/** Payload of `kendali/v1/internal/status/{deviceId}`: a device's own status message, or its last will. */
export const FeedStatusSchema = Message({
  deviceId: Type.String(),
  state: StringEnum(['online', 'offline'] as const),
  /** When the worker took the status message in, ms epoch. */
  at: Type.Number(),
});
export type FeedStatus = Static<typeof FeedStatusSchema>;
