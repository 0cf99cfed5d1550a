import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  deviceTopic,
  waterGateById,
  kindSpec,
  statusPayloads,
  type Clock,
  type DeviceMessage,
  type Reading,
  type RejectionCode,
  type RejectionRecord as RejectionRecordMessage,
} from '@kendali/contracts';
import { decodeTelemetryPayload } from './decode/telemetry-payload';
import { LiveState } from './live/live-state';
import { DeviceRegistry } from './registry/device-registry';
import { reject, type Rejection } from './rejection';
import { DuckDbTelemetryStore } from './store/duckdb-telemetry-store';
import { defaultInfluxStoreOptions, InfluxTelemetryStore } from './store/influx/influx-telemetry-store';
import { storageStatus, type StoreHealth, type TelemetryStore } from './store/telemetry-store';
import { ApiTokens } from './auth/api-tokens';
import { PendingDevices } from './registry/pending-devices';
import { AlarmEngine } from './alarms/alarm-engine';
import { AlarmStore } from './alarms/alarm-store';
import { ReadingValidator } from './validate/reading-validator';

export interface IngestOptions {
  /** Folder holding the embedded database file. */
  readonly dataDir: string;
  /** Where every time ingest records or reasons with comes from (arrival, status changes, alarms, registry). */
  readonly clock: Clock;
  readonly maxPayloadBytes: number;
  readonly maxBatchLength: number;
  readonly maxFutureSkewMs: number;
  readonly maxAgeMs: number;
  readonly frameIntervalMs: number;
  readonly maxReadingsPerFrame: number;
  readonly offlineAfterIntervals: number;
  /** A cleared alarm that returns within this time reopens and counts instead of a new alarm, ms. */
  readonly alarmReopenWithinMs: number;
  /** The longest an operator may shelve an alarm, ms. */
  readonly alarmMaxShelveMs: number;
  /** Time series to InfluxDB (through a spool in `dataDir/spool`) instead of the embedded store. */
  readonly influx?: InfluxIngestOptions | null;
}

/** Where InfluxDB is and how large the local spool may grow; the rest has defaults. */
export interface InfluxIngestOptions {
  readonly url: string;
  readonly token: string | null;
  readonly database: string;
  readonly spoolMaxBytes: number;
}

export const defaultIngestOptions: Omit<IngestOptions, 'dataDir' | 'clock'> = Object.freeze({
  maxPayloadBytes: 64 * 1024, // 64 KiB
  maxBatchLength: 1_000,
  maxFutureSkewMs: 5 * 60_000, // 5 minutes
  maxAgeMs: 7 * 24 * 3_600_000, // 7 days
  frameIntervalMs: 250, // 4 Hz
  maxReadingsPerFrame: 5_000,
  offlineAfterIntervals: 3,
  alarmReopenWithinMs: 3_600_000, // 1 hour
  alarmMaxShelveMs: 24 * 3_600_000, // 24 hours
});

/** What became of one telemetry message: readings stored, and reasons for what was not. */
export interface TelemetryOutcome {
  readonly stored: number;
  readonly rejections: readonly Rejection[];
}

/** A rejected message as `GET /api/rejections` lists it, with a code of ours. */
export type RejectionRecord = RejectionRecordMessage & Rejection;

/** One message of a device someone is watching (engineer page), with what became of it. */
export type WatchedMessage = Omit<DeviceMessage, 'skippedBefore'>;

interface IngestEvents {
  rejected: [RejectionRecord];
  /** The time-series store changed state (InfluxDB reachable or not, spool full): one event per change. */
  storage: [StoreHealth];
  /** InfluxDB refused readings for good (HTTP 400); they were kept in the spool's refused.lp. */
  storageRefused: [count: number, detail: string];
  stored: [readonly Reading[]];
  message: [WatchedMessage];
}

const watchedPayloadChars = 2_048;

const recentRejectionsKept = 500;

/**
 * The Reading pipeline: decode ▶ validate against the device kind ▶ store durably ▶ live state.
 * `acceptTelemetry` resolves once the readings are durable, which is what lets the broker send
 * a QoS1 PUBACK that means "stored".
 */
export class Ingest extends EventEmitter<IngestEvents> {
  readonly #validator: ReadingValidator;
  readonly #recentRejections: RejectionRecord[] = [];
  readonly #rejectionsByCode = new Map<RejectionCode, number>();
  /** Devices with an open live view, by number of viewers: only their raw messages are kept. */
  readonly #watched = new Map<string, number>();
  #messagesReceived = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly registry: DeviceRegistry,
    readonly store: TelemetryStore,
    readonly live: LiveState,
    readonly tokens: ApiTokens,
    readonly pending: PendingDevices,
    readonly alarms: AlarmEngine,
    readonly alarmStore: AlarmStore,
    private readonly options: IngestOptions,
  ) {
    super();
    this.#validator = new ReadingValidator(options);
  }

  static async open(options: IngestOptions): Promise<Ingest> {
    await mkdir(options.dataDir, { recursive: true });
    const instance = await DuckDBInstance.create(join(options.dataDir, 'kendali.duckdb'));
    const { clock } = options;
    const registry = await DeviceRegistry.open(instance, clock);
    const store = options.influx
      ? await InfluxTelemetryStore.open({ ...defaultInfluxStoreOptions, ...options.influx, spoolDir: join(options.dataDir, 'spool') })
      : await DuckDbTelemetryStore.open(instance);
    const tokens = await ApiTokens.open(instance, clock);
    const pending = await PendingDevices.open(instance, clock);
    const live = new LiveState(registry, { ...options, storageStatus: () => storageStatus(store) });
    live.warm(await store.latestPerDevice());
    const alarmStore = await AlarmStore.open(instance);
    const alarms = await AlarmEngine.open(alarmStore, registry, live, {
      clock,
      reopenWithinMs: options.alarmReopenWithinMs,
      maxShelveMs: options.alarmMaxShelveMs,
      gateThresholds: (gateId) => waterGateById(gateId), // a post's metadata names the gate it sits on
    });
    const ingest = new Ingest(instance, registry, store, live, tokens, pending, alarms, alarmStore, options);
    if (store instanceof InfluxTelemetryStore) {
      store.on('health', (health) => ingest.emit('storage', health));
      store.on('refused', (count, detail) => ingest.emit('storageRefused', count, detail));
    }
    ingest.on('stored', (readings) => alarms.onReadings(readings, clock.now()));
    ingest.on('rejected', (record) => alarms.onRejection(record.deviceId, record, record.at));
    live.on('status', (deviceId, state, atMs) => alarms.onStatus(deviceId, state, atMs));
    live.start();
    alarms.start();
    return ingest;
  }

  get messagesReceived(): number {
    return this.#messagesReceived;
  }

  get rejectionsByCode(): ReadonlyMap<RejectionCode, number> {
    return this.#rejectionsByCode;
  }

  /** Newest rejections first, optionally of one device. */
  recentRejections(limit: number, deviceId?: string): RejectionRecord[] {
    const matching = deviceId ? this.#recentRejections.filter((r) => r.deviceId === deviceId) : this.#recentRejections;
    return matching.slice(-limit).reverse();
  }

  /**
   * Accepts one message from a device's telemetry topic. Resolves once every valid reading in it
   * is durable; rejects only if the store failed (then nothing of it is stored and the publisher
   * must send it again).
   */
  async acceptTelemetry(deviceId: string, payload: Buffer): Promise<TelemetryOutcome> {
    const outcome = await this.#acceptTelemetry(deviceId, payload);
    if (this.#watched.has(deviceId)) {
      this.emit('message', {
        deviceId,
        topic: deviceTopic(deviceId, 'telemetry'),
        at: this.options.clock.now(),
        payload: payload.subarray(0, watchedPayloadChars).toString('utf8'),
        ...outcome,
      });
    }
    return outcome;
  }

  /** Starts keeping a device's raw messages for a live view; call the returned function to stop. */
  watch(deviceId: string): () => void {
    this.#watched.set(deviceId, (this.#watched.get(deviceId) ?? 0) + 1);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const viewers = (this.#watched.get(deviceId) ?? 1) - 1;
      if (viewers <= 0) this.#watched.delete(deviceId);
      else this.#watched.set(deviceId, viewers);
    };
  }

  async #acceptTelemetry(deviceId: string, payload: Buffer): Promise<TelemetryOutcome> {
    const nowMs = this.options.clock.now();
    this.#messagesReceived++;
    const device = this.registry.get(deviceId);
    if (device === undefined) {
      return this.#rejectAll(deviceId, nowMs, [
        reject('KENDALI_ERR_DEVICE_UNKNOWN', `device "${deviceId}" is not registered; register it (PUT /api/devices/${deviceId}) before it publishes`),
      ]);
    }
    this.live.heard(deviceId, nowMs);
    if (!device.enabled) {
      return this.#rejectAll(deviceId, nowMs, [
        reject('KENDALI_ERR_DEVICE_DISABLED', `device "${deviceId}" is disabled in the registry; enable it to store its readings`),
      ]);
    }
    const decoded = decodeTelemetryPayload(payload, kindSpec(device.kind), this.options, nowMs);
    if (!decoded.ok) return this.#rejectAll(deviceId, nowMs, [decoded.rejection]);

    const readings: Reading[] = [];
    const rejections: Rejection[] = [];
    const batch = decoded.records.length > 1;
    decoded.records.forEach((record, index) => {
      const result = this.#validator.validate(device.kind, record, nowMs);
      if (result.ok) {
        readings.push({ deviceId, kind: device.kind, district: device.district, ts: result.ts, receivedAt: nowMs, fields: result.fields });
      } else {
        rejections.push(batch ? { ...result.rejection, message: `item ${index}: ${result.rejection.message}` } : result.rejection);
      }
    });
    if (readings.length > 0) {
      await this.store.append(readings);
      this.live.stored(readings);
      this.emit('stored', readings);
    }
    this.#record(deviceId, nowMs, rejections);
    return { stored: readings.length, rejections };
  }

  /** A payload on a device's status topic (its own or its last will). */
  acceptStatus(deviceId: string, payload: Buffer): void {
    if (this.registry.get(deviceId) === undefined) return;
    const text = payload.toString('utf8').trim();
    if (text === statusPayloads.online || text === statusPayloads.offline) this.live.setStatus(deviceId, text, this.options.clock.now());
  }

  async close(): Promise<void> {
    this.live.stop();
    this.alarms.stop();
    await this.alarmStore.close(); // its writes finish before the telemetry store checkpoints the file
    await this.store.close();
    this.registry.close();
    this.tokens.close();
    this.pending.close();
    this.instance.closeSync();
  }

  #rejectAll(deviceId: string, nowMs: number, rejections: Rejection[]): TelemetryOutcome {
    this.#record(deviceId, nowMs, rejections);
    return { stored: 0, rejections };
  }

  #record(deviceId: string, nowMs: number, rejections: readonly Rejection[]): void {
    if (rejections.length === 0) return;
    const topic = deviceTopic(deviceId, 'telemetry'); // built only when something was rejected
    for (const rejection of rejections) {
      this.#rejectionsByCode.set(rejection.code, (this.#rejectionsByCode.get(rejection.code) ?? 0) + 1);
      const record: RejectionRecord = { ...rejection, deviceId, topic, at: nowMs };
      this.#recentRejections.push(record);
      if (this.#recentRejections.length > recentRejectionsKept) this.#recentRejections.shift();
      this.live.rejected();
      this.emit('rejected', record);
    }
  }
}
