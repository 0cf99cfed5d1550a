import { EventEmitter } from 'node:events';
import { deviceTopic, type Clock, type DeviceMessage } from '@kendali/contracts';
import type { TelemetryOutcome } from './telemetry-pipeline';

/** One message of a device someone is watching (engineer page), with what became of it. */
export type WatchedMessage = Omit<DeviceMessage, 'skippedBefore'>;

interface WatchSessionsEvents {
  message: [WatchedMessage];
}

const watchedPayloadChars = 2_048;

/**
 * Live views of single devices (the engineer page): only the raw messages of a device someone
 * watches are kept, cut to 2 KiB, and announced with what became of them.
 */
export class WatchSessions extends EventEmitter<WatchSessionsEvents> {
  /** Devices with an open live view, by number of viewers. */
  readonly #watched = new Map<string, number>();

  constructor(private readonly clock: Clock) {
    super();
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

  /** A telemetry message was taken in (the pipeline's `accepted` event); announced if its device is watched. */
  readonly accepted = (deviceId: string, payload: Buffer, outcome: TelemetryOutcome): void => {
    if (!this.#watched.has(deviceId)) return;
    this.emit('message', {
      deviceId,
      topic: deviceTopic(deviceId, 'telemetry'),
      at: this.clock.now(),
      payload: payload.subarray(0, watchedPayloadChars).toString('utf8'),
      ...outcome,
    });
  };
}
