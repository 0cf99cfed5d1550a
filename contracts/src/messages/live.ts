import { Type, type Static } from 'typebox';
import { AlarmCountsSchema, AlarmSchema } from './alarm';
import { ConnectionStateSchema } from './device';
import { ReadingSchema } from './reading';
import { List, Message, Nullable, StringEnum } from './schema-builders';

/** How full the data directory's disk is: `low` and `critical` come before it is full, at thresholds set per platform. */
export const DiskUsageSchema = Message({
  /** Bytes free for Kendali on the disk holding the data directory. */
  freeBytes: Type.Integer({ minimum: 0 }),
  /** The disk's size, bytes. */
  sizeBytes: Type.Integer({ minimum: 0 }),
  /** What Kendali's own data directory holds (database, spool), bytes. */
  storeBytes: Type.Integer({ minimum: 0 }),
  level: StringEnum(['ok', 'low', 'critical'] as const),
});
export type DiskUsage = Static<typeof DiskUsageSchema>;

/** Health of the time-series store as operators see it. */
export const StorageStatusSchema = Message({
  ok: Type.Boolean(),
  /** What the store is doing, or why it cannot, naming the setting that fixes it. */
  detail: Type.String(),
  /** Readings acknowledged to devices and held in the local spool, not yet in InfluxDB (0 for the embedded store). */
  backlogReadings: Type.Integer(),
  /** The data disk, once measured (absent from servers that do not measure it). */
  disk: Type.Optional(DiskUsageSchema),
});
export type StorageStatus = Static<typeof StorageStatusSchema>;

/** Pipeline figures carried on every live frame. */
export const LiveStatsSchema = Message({
  devicesTotal: Type.Integer(),
  devicesOnline: Type.Integer(),
  /** Readings stored per second over the last few seconds. */
  readingsPerSecond: Type.Number(),
  /** Telemetry messages received per second over the last few seconds (stored or not). */
  messagesPerSecond: Type.Number(),
  rejectedTotal: Type.Integer(),
  storedTotal: Type.Integer(),
  /** Open, unshelved alarms by severity. */
  alarms: AlarmCountsSchema,
  /** Whether readings reach the time-series store; a dashboard shows "storage degraded" while not ok. */
  storage: StorageStatusSchema,
});
export type LiveStats = Static<typeof LiveStatsSchema>;

export const StatusChangeSchema = Message({
  deviceId: Type.String(),
  state: ConnectionStateSchema,
  lastSeen: Nullable(Type.Number()),
});
export type StatusChange = Static<typeof StatusChangeSchema>;

/** One point of the wall's live charts: the city's figures at one moment. */
export const TrendPointSchema = Message({
  /** Start of the point's time bucket, server time, ms epoch. */
  at: Type.Number(),
  /** Citywide mean of current PM2.5 readings, µg/m³, or null when none is current. */
  pm25MeanUgm3: Nullable(Type.Number()),
  ispuIndex: Nullable(Type.Number()),
  /** Level of the post nearest to flooding, cm. */
  waterHighestCm: Nullable(Type.Number()),
  vehiclesPerMinute: Nullable(Type.Number()),
  speedMeanKmh: Nullable(Type.Number()),
  wifiClients: Nullable(Type.Number()),
  readingsPerSecond: Type.Number(),
  messagesPerSecond: Type.Number(),
});
export type TrendPoint = Static<typeof TrendPointSchema>;

/**
 * One frame of `GET /api/live` (server-sent event `frame`). Frames go out at a bounded rate;
 * each carries the newest reading of every device that reported since the previous frame, so
 * a client that applies frames in order holds the latest value of every device.
 */
export const LiveFrameSchema = Message({
  seq: Type.Integer(),
  /** When the frame was cut, ms epoch. */
  at: Type.Number(),
  stats: LiveStatsSchema,
  readings: List(ReadingSchema),
  statuses: List(StatusChangeSchema),
  /** Alarms that changed since the previous frame (in a snapshot: every open alarm). */
  alarms: List(AlarmSchema),
  /** Readings left out of this frame because it was full (their devices appear in a later frame). */
  dropped: Type.Integer(),
  /**
   * Only on a snapshot (the first frame of a connection, or the one that resynchronises a client
   * that fell behind): the city's figures over the last 10 minutes, one point per 5 s bucket, oldest
   * first, so a freshly loaded wall draws its charts at once instead of filling them for 10 minutes.
   */
  trend: Type.Optional(List(TrendPointSchema)),
});
export type LiveFrame = Static<typeof LiveFrameSchema>;
