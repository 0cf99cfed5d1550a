import { Ajv } from 'ajv';
import { FeedStatusSchema, FeedTelemetrySchema, type Clock, type FeedStatus, type FeedTelemetry, type Reading } from '@kendali/contracts';
import type { AlarmEngine } from '../alarms/alarm-engine';
import type { RejectionLog } from '../pipeline/rejection-log';
import type { DeviceRegistry } from '../registry/device-registry';
import type { LiveState } from './live-state';

export interface FeedApplierOptions {
  readonly registry: Pick<DeviceRegistry, 'get'>;
  readonly live: Pick<LiveState, 'heard' | 'validated' | 'stored' | 'setStatus'>;
  /** The alarm feed: one call per message, so a later leader election can gate it in one place. */
  readonly alarms: Pick<AlarmEngine, 'onReadings'>;
  /** Rejections applied here are recorded (and so counted by the live state and told to the alarm engine). */
  readonly rejections: Pick<RejectionLog, 'record'>;
  readonly clock: Clock;
  /**
   * How long a device's readings wait to be put in order before they are applied, in ms (default
   * 1 s): readings of one device taken in by different workers arrive in either order.
   */
  readonly reorderHoldMs?: number;
}

/** What became of the feed's readings on this node since it started. */
export interface FeedCounts {
  /** Readings applied to the live state and the alarm engine. */
  readonly applied: number;
  /** Readings whose (device, time) was applied already: a message the broker delivered again. */
  readonly duplicates: number;
  /** Readings that came after a newer one of their device was applied: stored, but not applied (see `FeedApplier`). */
  readonly outOfOrder: number;
  /** Feed messages that matched no schema (dropped). */
  readonly malformed: number;
}

/**
 * How far behind its device's newest applied reading a copy is still told from a late reading, in ms
 * of reading time (10 min). A copy comes from a worker that died holding messages it had not
 * acknowledged; the broker gives them back when that worker's session returns, so this covers a
 * worker that is down for minutes, not one restored a day later (its copies are counted late: not
 * applied either way).
 */
const copyHorizonMs = 10 * 60_000;
/** At most this many applied times are kept per device (2 KiB), whatever its rate. */
const recentTimesKept = 256;
const defaultReorderHoldMs = 1_000; // 1 s: a worker's commit and the feed's hop take a few ms to some hundred
const flushEveryMs = 100; // 100 ms: how often held readings are looked at

const validTelemetry = new Ajv({ strict: false }).compile<FeedTelemetry>(FeedTelemetrySchema);
const validStatus = new Ajv({ strict: false }).compile<FeedStatus>(FeedStatusSchema);

interface DeviceProgress {
  /** The newest reading time applied, ms epoch. */
  newestTs: number;
  /** The applied times within `copyHorizonMs` of the newest (at most `recentTimesKept`), oldest first. */
  readonly recent: number[];
  /** The time of the newest status applied, ms epoch. */
  statusAt: number;
  /** Readings waiting to be put in order, and when the first of them arrived (ms epoch). */
  held: Reading[];
  heldSince: number;
}

/**
 * Applies the internal feed (what ingest workers published once durable) to this node's live state
 * and alarm engine, each reading once and in order per device.
 *
 * The broker may deliver a feed message twice (a worker that died after publishing and before its
 * device's PUBACK takes the message again and publishes it again), and two workers may publish one
 * device's messages in either order (a shared subscription hands them out one by one, and each
 * worker commits at its own pace). So a device's readings are held for a short while
 * (`reorderHoldMs`, from the first of them to arrive) and then applied oldest first; a reading at
 * the same time as one held or applied within the last `copyHorizonMs` is a copy and is dropped. A reading
 * that arrives after a newer one of its device was applied is late: it is stored like any other
 * (history and exports have it) but not applied, since the live picture shows the newest reading
 * and the alarm rules judge the newest value, and an older value applied after a newer one would
 * turn both back in time. Copies and late readings are counted.
 */
export class FeedApplier {
  readonly #devices = new Map<string, DeviceProgress>();
  /** Devices with readings held. */
  readonly #holding = new Set<DeviceProgress>();
  #timer: NodeJS.Timeout | undefined;
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
    this.#hold(deviceId, message.readings);
    this.options.rejections.record(deviceId, receivedAt, message.rejections);
  }

  /** Applies, oldest first, the readings of every device whose hold is over at `nowMs` (the timer calls it; tests drive time). */
  flush(nowMs: number): void {
    const holdMs = this.options.reorderHoldMs ?? defaultReorderHoldMs;
    for (const progress of this.#holding) {
      if (nowMs - progress.heldSince < holdMs) continue;
      this.#holding.delete(progress);
      const readings = progress.held.sort((a, b) => a.ts - b.ts);
      progress.held = [];
      for (const reading of readings) this.#remember(progress, reading.ts);
      this.#applied += readings.length;
      this.options.live.validated(readings);
      this.options.live.stored(readings.length);
      this.options.alarms.onReadings(readings, nowMs);
    }
  }

  start(): void {
    this.#timer ??= setInterval(() => this.flush(this.options.clock.now()), flushEveryMs);
  }

  /** Stops the timer; what is held is stored already and is not applied (the node is stopping). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
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

  /** Holds the readings of one message not held or applied before; counts copies and late ones. */
  #hold(deviceId: string, readings: readonly Reading[]): void {
    const progress = this.#progress(deviceId);
    for (const reading of readings) {
      if (appliedBefore(progress.recent, reading.ts) || progress.held.some((held) => held.ts === reading.ts)) {
        this.#duplicates++;
      } else if (reading.ts <= progress.newestTs) {
        this.#outOfOrder++;
      } else {
        if (progress.held.length === 0) progress.heldSince = this.options.clock.now();
        progress.held.push(reading);
        this.#holding.add(progress);
      }
    }
  }

  #remember(progress: DeviceProgress, ts: number): void {
    progress.newestTs = ts;
    progress.recent.push(ts);
    const { recent } = progress;
    let drop = Math.max(0, recent.length - recentTimesKept);
    while (drop < recent.length && recent[drop]! < ts - copyHorizonMs) drop++;
    if (drop > 0) recent.splice(0, drop);
  }

  #progress(deviceId: string): DeviceProgress {
    let progress = this.#devices.get(deviceId);
    if (progress === undefined) {
      progress = { newestTs: Number.NEGATIVE_INFINITY, recent: [], statusAt: Number.NEGATIVE_INFINITY, held: [], heldSince: 0 };
      this.#devices.set(deviceId, progress);
    }
    return progress;
  }
}

/** Whether `ts` is among `recent` (ascending), by binary search. */
function appliedBefore(recent: readonly number[], ts: number): boolean {
  let low = 0;
  let high = recent.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = recent[middle]!;
    if (at === ts) return true;
    if (at < ts) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

function parse<Message>(payload: Buffer, valid: ((value: unknown) => value is Message) & { errors?: unknown }): Message | undefined {
  try {
    const message: unknown = JSON.parse(payload.toString('utf8'));
    return valid(message) ? message : undefined;
  } catch {
    return undefined;
  }
}
