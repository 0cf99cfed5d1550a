import { EventEmitter } from 'node:events';
import {
  alarmSeverities,
  builtInKinds,
  type KindLookup,
  siagaThresholdsOf,
  type Alarm,
  type AlarmCounts,
  type Clock,
  type ConnectionState,
  type LiveFrame,
  type LiveStats,
  type Reading,
  type SiagaThresholds,
  type StatusChange,
  type StorageStatus,
  type TrendPoint,
} from '@kendali/contracts';
import type { DeviceRegistry } from '../registry/device-registry';
import { CityTrend } from './city-trend';
import { FrameSchedule } from './frame-schedule';
import { RateMeter } from './rate-meter';

export interface LiveStateOptions {
  /** Where the time comes from (frames, stats, silence). */
  readonly clock: Clock;
  /** Time between live frames, in milliseconds (250 = 4 Hz). */
  readonly frameIntervalMs: number;
  /** Most readings one frame carries; the rest wait for the next frame. */
  readonly maxReadingsPerFrame: number;
  /** A device that stays silent for this many of its kind's expected intervals is offline. */
  readonly offlineAfterIntervals: number;
  /** Health of the time-series store for the frames' stats (absent: always fine, nothing queued). */
  readonly storageStatus?: () => StorageStatus;
  /**
   * Least time between two computations of the city's figures for the wall's trend, in
   * milliseconds (default 1 s): each walks every device's newest reading (~1 ms for 10,000).
   */
  readonly trendSampleMs?: number;
  /** The kinds there are: each kind's expected interval says when silence means offline. */
  readonly kinds?: KindLookup;
}

export interface DeviceLive {
  state: ConnectionState;
  lastSeen: number | null;
  latest: Reading | null;
}

/** Where alarms come from: the open ones now, and a `change` event for every raise or change. */
export interface AlarmFeed {
  openAlarms(): readonly Alarm[];
  on(event: 'change', listener: (alarm: Alarm) => void): unknown;
}

interface LiveStateEvents {
  frame: [LiveFrame];
  /** A device's connection state changed (status topic, last will, silence or first message). */
  status: [deviceId: string, state: ConnectionState, atMs: number];
}

const rateWindowMs = 5_000; // 5 seconds
const defaultTrendSampleMs = 1_000; // 1 second: five samples per 5 s trend bucket
const alarmFrameGapMs = 50; // 50 ms: an alarm frame comes at most this soon after the frame before (20 Hz in an alarm storm)

/**
 * What the city looks like right now: the newest reading and connection state of every device,
 * and pipeline rates. It cuts the changes into frames at a bounded rate, so a burst of thousands
 * of messages a second reaches a browser as a few frames a second.
 */
export class LiveState extends EventEmitter<LiveStateEvents> {
  readonly #devices = new Map<string, DeviceLive>();
  readonly #pendingReadings = new Map<string, Reading>();
  readonly #pendingStatuses = new Map<string, StatusChange>();
  readonly #pendingAlarms = new Map<string, Alarm>();
  /** Alarms not cleared, for snapshots and counts. */
  readonly #openAlarms = new Map<string, Alarm>();
  readonly #messages = new RateMeter(rateWindowMs);
  readonly #stored = new RateMeter(rateWindowMs);
  #rejectedTotal = 0;
  #seq = 0;
  #stats: LiveStats;
  readonly #schedule: FrameSchedule;
  #lastSweepMs = 0;
  readonly #trend: CityTrend;

  constructor(
    private readonly registry: DeviceRegistry,
    private readonly options: LiveStateOptions,
  ) {
    super();
    this.#stats = this.#computeStats(options.clock.now());
    this.#trend = new CityTrend(options.trendSampleMs ?? defaultTrendSampleMs);
    this.#schedule = new FrameSchedule(options.frameIntervalMs, alarmFrameGapMs, () => this.tick(options.clock.now()));
  }

  /** Seeds the newest readings from the store after a restart; devices stay offline until heard. */
  warm(readings: readonly Reading[]): void {
    for (const reading of readings) {
      const live = this.#entry(reading.deviceId);
      live.latest = reading;
      live.lastSeen = Math.max(live.lastSeen ?? 0, reading.receivedAt);
      live.state = 'offline';
    }
  }

  /** Anything was heard from a device (stored or not): it is alive. */
  heard(deviceId: string, nowMs: number): void {
    this.#messages.add();
    const live = this.#entry(deviceId);
    live.lastSeen = nowMs;
    if (live.state !== 'online') this.#setState(deviceId, live, 'online', nowMs);
  }

  rejected(): void {
    this.#rejectedTotal++;
  }

  /**
   * Readings that passed validation, called before the store has them: the newest of each device
   * goes on the next frame. The wall does not wait for the commit, so it keeps moving while a commit
   * waits out DuckDB's checkpoint (a few hundred ms) or a failing store (docs/architecture.md).
   */
  validated(readings: readonly Reading[]): void {
    for (const reading of readings) {
      const live = this.#entry(reading.deviceId);
      if (live.latest === null || reading.ts >= live.latest.ts) {
        live.latest = reading;
        this.#pendingReadings.set(reading.deviceId, reading);
      }
    }
  }

  /** Readings made durable: the stored rate and total in the frames' stats. */
  stored(count: number): void {
    this.#stored.add(count);
  }

  /** Takes the open alarms, then every change of them: each goes out on the next frame. */
  followAlarms(alarms: AlarmFeed): void {
    for (const alarm of alarms.openAlarms()) this.#alarmChanged(alarm);
    alarms.on('change', (alarm) => this.#alarmChanged(alarm));
  }

  #alarmChanged(alarm: Alarm): void {
    this.#pendingAlarms.set(alarm.id, alarm);
    if (alarm.state === 'cleared') this.#openAlarms.delete(alarm.id);
    else this.#openAlarms.set(alarm.id, alarm);
    this.#schedule.soon(); // an operator sees an alarm in the next tens of milliseconds, not at the next tick
  }

  /** Open alarms that are not shelved, by severity. */
  alarmCounts(nowMs: number): AlarmCounts {
    const counts = Object.fromEntries(alarmSeverities.map((severity) => [severity, 0])) as Record<Alarm['severity'], number>;
    for (const alarm of this.#openAlarms.values()) if (alarm.shelvedUntil === null || alarm.shelvedUntil <= nowMs) counts[alarm.severity]++;
    return counts;
  }

  /** The device said so on its status topic (or its last will did). */
  setStatus(deviceId: string, state: 'online' | 'offline', nowMs: number): void {
    const live = this.#entry(deviceId);
    if (state === 'online') live.lastSeen = nowMs;
    if (live.state !== state) this.#setState(deviceId, live, state, nowMs);
  }

  device(deviceId: string): Readonly<DeviceLive> | undefined {
    return this.#devices.get(deviceId);
  }

  /** Figures as of the last frame (at most one frame interval old). */
  get stats(): LiveStats {
    return this.#stats;
  }

  /** Devices online right now, counted on demand. */
  onlineCount(): number {
    let online = 0;
    for (const live of this.#devices.values()) if (live.state === 'online') online++;
    return online;
  }

  /** The wall's last 10 minutes of city figures, one point per 5 s bucket, oldest first. */
  get trend(): readonly TrendPoint[] {
    return this.#trend.points;
  }

  /** A frame holding every device's newest reading and state and the trend, for a client that just connected. */
  snapshotFrame(): LiveFrame {
    const readings: Reading[] = [];
    const statuses: StatusChange[] = [];
    for (const [deviceId, live] of this.#devices) {
      if (live.latest) readings.push(live.latest);
      statuses.push({ deviceId, state: live.state, lastSeen: live.lastSeen });
    }
    return { seq: this.#seq, at: this.options.clock.now(), stats: this.#stats, readings, statuses, alarms: [...this.#openAlarms.values()], dropped: 0, trend: this.#trend.points };
  }

  start(): void {
    this.#schedule.start();
  }

  stop(): void {
    this.#schedule.stop();
  }

  /** Cuts the next frame (called by the timer; public so tests can drive time). */
  tick(nowMs: number): LiveFrame {
    if (nowMs - this.#lastSweepMs >= 1_000) {
      this.#sweepSilent(nowMs);
      this.#lastSweepMs = nowMs;
    }
    this.#stats = this.#computeStats(nowMs);
    this.#trend.sample(nowMs, this.#latestReadings(), this.#siagaThresholdsOf, this.#stats, this.options.kinds ?? builtInKinds);
    const readings: Reading[] = [];
    for (const [deviceId, reading] of this.#pendingReadings) {
      if (readings.length >= this.options.maxReadingsPerFrame) break;
      readings.push(reading);
      this.#pendingReadings.delete(deviceId);
    }
    const frame: LiveFrame = {
      seq: ++this.#seq,
      at: nowMs,
      stats: this.#stats,
      readings,
      statuses: [...this.#pendingStatuses.values()],
      alarms: [...this.#pendingAlarms.values()],
      dropped: this.#pendingReadings.size,
    };
    this.#pendingStatuses.clear();
    this.#pendingAlarms.clear();
    this.emit('frame', frame);
    return frame;
  }

  *#latestReadings(): Generator<Reading> {
    for (const live of this.#devices.values()) if (live.latest !== null) yield live.latest;
  }

  /** A post's Siaga levels as the dashboard finds them from the device list (unknown devices: defaults). */
  readonly #siagaThresholdsOf = (deviceId: string): SiagaThresholds | null => {
    const device = this.registry.get(deviceId);
    return device === undefined ? null : siagaThresholdsOf(device.kind, device.metadata, this.options.kinds ?? builtInKinds);
  };

  #entry(deviceId: string): DeviceLive {
    let live = this.#devices.get(deviceId);
    if (live === undefined) {
      live = { state: 'unknown', lastSeen: null, latest: null };
      this.#devices.set(deviceId, live);
    }
    return live;
  }

  #setState(deviceId: string, live: DeviceLive, state: ConnectionState, nowMs: number): void {
    live.state = state;
    this.#pendingStatuses.set(deviceId, { deviceId, state, lastSeen: live.lastSeen });
    this.emit('status', deviceId, state, nowMs);
  }

  /** Silence means offline: no message within k × the kind's expected interval. */
  #sweepSilent(nowMs: number): void {
    for (const [deviceId, live] of this.#devices) {
      if (live.state !== 'online' || live.lastSeen === null) continue;
      const device = this.registry.get(deviceId);
      if (device === undefined) continue;
      const intervalMs = (this.options.kinds ?? builtInKinds).spec(device.kind)?.expectedIntervalMs;
      if (intervalMs === undefined) continue;
      const limitMs = intervalMs * this.options.offlineAfterIntervals;
      if (nowMs - live.lastSeen > limitMs) this.#setState(deviceId, live, 'offline', nowMs);
    }
  }

  #computeStats(nowMs: number): LiveStats {
    return {
      devicesTotal: this.registry.size,
      devicesOnline: this.onlineCount(),
      readingsPerSecond: round1(this.#stored.sample(nowMs)),
      messagesPerSecond: round1(this.#messages.sample(nowMs)),
      rejectedTotal: this.#rejectedTotal,
      storedTotal: this.#stored.total,
      alarms: this.alarmCounts(nowMs),
      storage: this.#storage(),
    };
  }

  #storage(): StorageStatus {
    const status = this.options.storageStatus?.() ?? { ok: true, detail: 'embedded store', backlogReadings: 0 };
    return { ok: status.ok, detail: status.detail, backlogReadings: status.backlogReadings, ...(status.disk ? { disk: status.disk } : {}) };
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;
