import { Ajv } from 'ajv';
import { FeedStatusSchema, FeedTelemetrySchema, type Clock, type FeedStatus, type FeedTelemetry, type Reading } from '@kendali/contracts';
import type { AlarmEngine } from '../alarms/alarm-engine';
import type { RejectionLog } from '../pipeline/rejection-log';
import type { DeviceRegistry } from '../registry/device-registry';
import type { LiveState } from './live-state';

export interface FeedApplierOptions {
  readonly registry: Pick<DeviceRegistry, 'get'>;
  readonly live: Pick<LiveState, 'heard' | 'stored' | 'setStatus'>;
  /** The alarm feed: one call per message, so a later leader election can gate it in one place. */
  readonly alarms: Pick<AlarmEngine, 'onReadings'>;
  /** Rejections applied here are recorded (and so counted by the live state and told to the alarm engine). */
  readonly rejections: Pick<RejectionLog, 'record'>;
  readonly clock: Clock;
}

/** What became of the feed's readings on this node since it started. */
export interface FeedCounts {
  /** Readings applied to the live state and the alarm engine. */
  readonly applied: number;
  /** Readings whose (device, time) was applied already: a message the broker delivered again. */
  readonly duplicates: number;
  /** Readings older than the newest applied for their device: stored, but not applied (see `applyTelemetry`). */
  readonly outOfOrder: number;
  /** Feed messages that matched no schema (dropped). */
  readonly malformed: number;
}

/** How many of a device's newest applied times are kept to tell a copy from a late reading. */
const recentTimesKept = 16;

const validTelemetry = new Ajv({ strict: false }).compile<FeedTelemetry>(FeedTelemetrySchema);
const validStatus = new Ajv({ strict: false }).compile<FeedStatus>(FeedStatusSchema);

interface DeviceProgress {
  /** The newest reading time applied, ms epoch. */
  newestTs: number;
  /** The newest few applied times, newest last. */
  readonly recent: number[];
  /** The time of the newest status applied, ms epoch. */
  statusAt: number;
}

/**
 * Applies the internal feed (what ingest workers published once durable) to this node's live state
 * and alarm engine, each reading once and in order per device.
 *
 * The broker may deliver a feed message twice (a worker that died after publishing and before its
 * device's PUBACK takes the message again and publishes it again), and two workers may publish one
 * device's messages in either order (a shared subscription hands them out one by one). So a reading
 * is applied only if it is newer than the newest applied for its device; one at the same time or
 * among the newest few applied is a copy, and one older is late. A late reading is stored like any
 * other (history and exports have it) but is not applied: the live picture shows the newest reading
 * and the alarm rules judge the newest value, and an older value applied after a newer one would
 * turn both back in time. Both are counted.
 */
export class FeedApplier {
  readonly #devices = new Map<string, DeviceProgress>();
  #applied = 0;
  #duplicates = 0;
  #outOfOrder = 0;
  #malformed = 0;

  constructor(private readonly options: FeedApplierOptions) {}

  get counts(): FeedCounts {
    return { applied: this.#applied, duplicates: this.#duplicates, outOfOrder: this.#outOfOrder, malformed: this.#malformed };
  }

  /** Seeds each device's newest applied time from the store after a restart, so copies of what it held are not applied again. */
  warm(readings: readonly Reading[]): void {
    for (const reading of readings) {
      const progress = this.#progress(reading.deviceId);
      if (reading.ts > progress.newestTs) this.#remember(progress, reading.ts);
    }
  }

  /** One feed message of `kendali/v1/internal/telemetry/{deviceId}`. */
  applyTelemetry(payload: Buffer): void {
    const message = parse(payload, validTelemetry);
    if (message === undefined) {
      this.#malformed++;
      return;
    }
    const { deviceId, receivedAt } = message;
    if (this.options.registry.get(deviceId) !== undefined) this.options.live.heard(deviceId, receivedAt);
    const fresh = this.#fresh(deviceId, message.readings);
    if (fresh.length > 0) {
      this.#applied += fresh.length;
      this.options.live.stored(fresh);
      this.options.alarms.onReadings(fresh, this.options.clock.now());
    }
    this.options.rejections.record(deviceId, receivedAt, message.rejections);
  }

  /** One feed message of `kendali/v1/internal/status/{deviceId}`; one older than the newest status applied is skipped. */
  applyStatus(payload: Buffer): void {
    const message = parse(payload, validStatus);
    if (message === undefined) {
      this.#malformed++;
      return;
    }
    if (this.options.registry.get(message.deviceId) === undefined) return;
    const progress = this.#progress(message.deviceId);
    if (message.at < progress.statusAt) return;
    progress.statusAt = message.at;
    this.options.live.setStatus(message.deviceId, message.state, message.at);
  }

  /** The readings of one message not applied before and newer than every one applied, oldest first. */
  #fresh(deviceId: string, readings: readonly Reading[]): Reading[] {
    const progress = this.#progress(deviceId);
    const fresh: Reading[] = [];
    for (const reading of [...readings].sort((a, b) => a.ts - b.ts)) {
      if (reading.ts > progress.newestTs) {
        this.#remember(progress, reading.ts);
        fresh.push(reading);
      } else if (progress.recent.includes(reading.ts)) {
        this.#duplicates++;
      } else {
        this.#outOfOrder++;
      }
    }
    return fresh;
  }

  #remember(progress: DeviceProgress, ts: number): void {
    progress.newestTs = ts;
    progress.recent.push(ts);
    if (progress.recent.length > recentTimesKept) progress.recent.shift();
  }

  #progress(deviceId: string): DeviceProgress {
    let progress = this.#devices.get(deviceId);
    if (progress === undefined) {
      progress = { newestTs: Number.NEGATIVE_INFINITY, recent: [], statusAt: Number.NEGATIVE_INFINITY };
      this.#devices.set(deviceId, progress);
    }
    return progress;
  }
}

function parse<Message>(payload: Buffer, valid: ((value: unknown) => value is Message) & { errors?: unknown }): Message | undefined {
  try {
    const message: unknown = JSON.parse(payload.toString('utf8'));
    return valid(message) ? message : undefined;
  } catch {
    return undefined;
  }
}
