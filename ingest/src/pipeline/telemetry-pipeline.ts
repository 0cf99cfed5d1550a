import { EventEmitter } from 'node:events';
import { builtInKinds, requireKind, statusPayloads, type Device, type KindLookup, type Reading } from '@kendali/contracts';
import { decodeTelemetryPayload } from '../decode/telemetry-payload';
import type { IngestOptions } from '../ingest-options';
import type { LiveState } from '../live/live-state';
import type { DeviceRegistry } from '../registry/device-registry';
import { reject, type Rejection } from '../rejection';
import type { TelemetryStore } from '../store/telemetry-store';
import { ReadingValidator } from '../validate/reading-validator';
import type { RejectionLog } from './rejection-log';

/** What became of one telemetry message: readings stored, and reasons for what was not. */
export interface TelemetryOutcome {
  readonly stored: number;
  readonly rejections: readonly Rejection[];
  /** The readings made durable (what the internal feed publishes in external-broker mode). */
  readonly readings: readonly Reading[];
  /** When the message was taken in, ms epoch. */
  readonly receivedAt: number;
}

export type PipelineOptions = Pick<IngestOptions, 'clock' | 'maxPayloadBytes' | 'maxBatchLength' | 'maxFutureSkewMs' | 'maxAgeMs'>;

interface TelemetryPipelineEvents {
  /**
   * Readings of one message just made durable, and the seconds from the message reaching the
   * pipeline until then (decoding, validation and the wait for its group commit).
   */
  stored: [readings: readonly Reading[], durableAfterSeconds: number];
  /** A telemetry message was taken in, with what became of it. */
  accepted: [deviceId: string, payload: Buffer, outcome: TelemetryOutcome];
  /** Reading a message failed with a fault of Kendali's own (not the store's): it was refused with KENDALI_ERR_INTERNAL. */
  fault: [deviceId: string, error: Error];
}

/**
 * The Reading pipeline: decode ▶ validate against the device kind ▶ live state and store durably.
 * `acceptTelemetry` resolves once the readings are durable, which is what lets the broker send
 * a QoS1 PUBACK that means "stored". It is the broker's telemetry sink.
 */
export class TelemetryPipeline extends EventEmitter<TelemetryPipelineEvents> {
  readonly #validator: ReadingValidator;
  #messagesReceived = 0;

  constructor(
    private readonly registry: Pick<DeviceRegistry, 'get'>,
    private readonly store: Pick<TelemetryStore, 'append'>,
    private readonly live: Pick<LiveState, 'heard' | 'validated' | 'stored' | 'setStatus'>,
    private readonly rejections: Pick<RejectionLog, 'record' | 'keepRecord'>,
    private readonly options: PipelineOptions,
    private readonly kinds: KindLookup = builtInKinds,
  ) {
    super();
    this.#validator = new ReadingValidator(options, kinds);
  }

  /** Telemetry messages received since the process started, stored or not. */
  get messagesReceived(): number {
    return this.#messagesReceived;
  }

  /**
   * Accepts one message from a device's telemetry topic. Resolves once every valid reading in it
   * is durable; rejects only if the store failed (then nothing of it is stored and the publisher
   * must send it again).
   */
  async acceptTelemetry(deviceId: string, payload: Buffer): Promise<TelemetryOutcome> {
    const outcome = await this.#acceptTelemetry(deviceId, payload);
    this.emit('accepted', deviceId, payload, outcome);
    return outcome;
  }

  /** A payload on a device's status topic (its own or its last will). */
  acceptStatus(deviceId: string, payload: Buffer): void {
    if (this.registry.get(deviceId) === undefined) return;
    const text = payload.toString('utf8').trim();
    if (text === statusPayloads.online || text === statusPayloads.offline) this.live.setStatus(deviceId, text, this.options.clock.now());
  }

  async #acceptTelemetry(deviceId: string, payload: Buffer): Promise<TelemetryOutcome> {
    // A monotonic start for the durability figure; the clock says when, this says how long.
    const startedMs = performance.now();
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
    let read: { readonly readings: Reading[]; readonly rejections: Rejection[] };
    try {
      read = this.#read(device, payload, nowMs);
    } catch (caught) {
      // A fault in decoding or validation is Kendali's, not the store's: the broker must not take it for
      // a store failure (connection dropped, no reason, the device resending the same message for ever).
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.emit('fault', deviceId, error);
      return this.#rejectAll(deviceId, nowMs, [
        reject('KENDALI_ERR_INTERNAL', `Kendali failed to read this message (${error.message}); it was not stored and the fault is logged; sending it again gets the same answer`),
      ]);
    }
    const { readings, rejections } = read;
    if (readings.length > 0) {
      this.live.validated(readings);
      await this.store.append(readings);
      this.live.stored(readings.length);
      this.emit('stored', readings, (performance.now() - startedMs) / 1000);
    }
    this.rejections.record(deviceId, nowMs, rejections);
    return { stored: readings.length, rejections, readings, receivedAt: nowMs };
  }

  /** Decodes a registered device's message and validates each record against its kind. */
  #read(device: Pick<Device, 'id' | 'kind' | 'district'>, payload: Buffer, nowMs: number): { readings: Reading[]; rejections: Rejection[] } {
    const readings: Reading[] = [];
    const rejections: Rejection[] = [];
    const decoded = decodeTelemetryPayload(payload, requireKind(this.kinds, device.kind), this.options, nowMs);
    if (!decoded.ok) return { readings, rejections: [decoded.rejection] };
    const batch = decoded.records.length > 1;
    decoded.records.forEach((record, index) => {
      const result = this.#validator.validate(device.kind, record, nowMs);
      if (result.ok) {
        readings.push({ deviceId: device.id, kind: device.kind, district: device.district, ts: result.ts, receivedAt: nowMs, fields: result.fields });
      } else {
        this.rejections.keepRecord(device.kind, { deviceId: device.id, at: nowMs, record, rejection: result.rejection });
        rejections.push(batch ? { ...result.rejection, message: `item ${index}: ${result.rejection.message}` } : result.rejection);
      }
    });
    return { readings, rejections };
  }

  #rejectAll(deviceId: string, nowMs: number, rejections: Rejection[]): TelemetryOutcome {
    this.rejections.record(deviceId, nowMs, rejections);
    return { stored: 0, rejections, readings: [], receivedAt: nowMs };
  }
}
