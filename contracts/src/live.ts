import type { Alarm, AlarmCounts } from './alarms';
import type { ConnectionState } from './device';
import type { Reading } from './reading';
import type { TrendPoint } from './trend';

/** Pipeline figures carried on every live frame. */
export interface LiveStats {
  readonly devicesTotal: number;
  readonly devicesOnline: number;
  /** Readings stored per second over the last few seconds. */
  readonly readingsPerSecond: number;
  /** Telemetry messages received per second over the last few seconds (stored or not). */
  readonly messagesPerSecond: number;
  readonly rejectedTotal: number;
  readonly storedTotal: number;
  /** Open, unshelved alarms by severity. */
  readonly alarms: AlarmCounts;
  /** Whether readings reach the time-series store; a dashboard shows "storage degraded" while not ok. */
  readonly storage: StorageStatus;
}

/** Health of the time-series store as operators see it. */
export interface StorageStatus {
  readonly ok: boolean;
  /** What the store is doing, or why it cannot, naming the setting that fixes it. */
  readonly detail: string;
  /** Readings acknowledged to devices and held in the local spool, not yet in InfluxDB (0 for the embedded store). */
  readonly backlogReadings: number;
}

export interface StatusChange {
  readonly deviceId: string;
  readonly state: ConnectionState;
  readonly lastSeen: number | null;
}

/**
 * One frame of `GET /api/live` (server-sent event `frame`). Frames go out at a bounded rate;
 * each carries the newest reading of every device that reported since the previous frame, so
 * a client that applies frames in order holds the latest value of every device.
 */
export interface LiveFrame {
  readonly seq: number;
  /** When the frame was cut, ms epoch. */
  readonly at: number;
  readonly stats: LiveStats;
  readonly readings: readonly Reading[];
  readonly statuses: readonly StatusChange[];
  /** Alarms that changed since the previous frame (in a snapshot: every open alarm). */
  readonly alarms: readonly Alarm[];
  /** Readings left out of this frame because it was full (their devices appear in a later frame). */
  readonly dropped: number;
  /**
   * Only on a snapshot (the first frame of a connection, or the one that resynchronises a client
   * that fell behind): the city's figures over the last 10 minutes, one point per 5 s bucket, oldest
   * first, so a freshly loaded wall draws its charts at once instead of filling them for 10 minutes.
   */
  readonly trend?: readonly TrendPoint[];
}

export const liveEventNames = { frame: 'frame' } as const;
