import { EventEmitter } from 'node:events';
import { deviceTopic, type RejectionCode, type RejectionRecord as RejectionRecordMessage } from '@kendali/contracts';
import type { Rejection } from '../rejection';

/** A rejected message as `GET /api/rejections` lists it, with a code of ours. */
export type RejectionRecord = RejectionRecordMessage & Rejection;

interface RejectionLogEvents {
  rejected: [RejectionRecord];
}

const recentRejectionsKept = 500;

/** Every rejection, counted by code, the newest few kept for engineers; each one is announced. */
export class RejectionLog extends EventEmitter<RejectionLogEvents> {
  readonly #recent: RejectionRecord[] = [];
  readonly #byCode = new Map<RejectionCode, number>();

  /** Rejections by code since the process started. */
  get byCode(): ReadonlyMap<RejectionCode, number> {
    return this.#byCode;
  }

  /** Newest rejections first, optionally of one device. */
  recent(limit: number, deviceId?: string): RejectionRecord[] {
    const matching = deviceId ? this.#recent.filter((r) => r.deviceId === deviceId) : this.#recent;
    return matching.slice(-limit).reverse();
  }

  /** What was refused of one telemetry message of a device at `nowMs` (ms epoch). */
  record(deviceId: string, nowMs: number, rejections: readonly Rejection[]): void {
    if (rejections.length === 0) return;
    const topic = deviceTopic(deviceId, 'telemetry'); // built only when something was rejected
    for (const rejection of rejections) {
      this.#byCode.set(rejection.code, (this.#byCode.get(rejection.code) ?? 0) + 1);
      const record: RejectionRecord = { ...rejection, deviceId, topic, at: nowMs };
      this.#recent.push(record);
      if (this.#recent.length > recentRejectionsKept) this.#recent.shift();
      this.emit('rejected', record);
    }
  }
}
