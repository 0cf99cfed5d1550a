import { EventEmitter } from 'node:events';
import { deviceTopic, type DeviceKind, type RejectionCode, type RejectionRecord as RejectionRecordMessage } from '@kendali/contracts';
import type { Rejection } from '../rejection';

/** A rejected message as `GET /api/rejections` lists it, with a code of ours. */
export type RejectionRecord = RejectionRecordMessage & Rejection;

interface RejectionLogEvents {
  rejected: [RejectionRecord];
}

const recentRejectionsKept = 500;
/** Refused records kept per kind for trying a new profile version on (`POST /api/kinds/{kind}/try` reads at most this many). */
export const rejectedRecordsKeptPerKind = 10_000;

/** A decoded record the validator refused, with its fields as the device sent them. */
export interface RejectedRecord {
  readonly deviceId: string;
  /** When it was refused, ms epoch. */
  readonly at: number;
  readonly record: Readonly<Record<string, unknown>>;
  readonly rejection: Rejection;
}

/** Every rejection, counted by code, the newest few kept for engineers; each one is announced. */
export class RejectionLog extends EventEmitter<RejectionLogEvents> {
  readonly #recent: RejectionRecord[] = [];
  readonly #byCode = new Map<RejectionCode, number>();
  /** Per kind, a ring of its newest refused records. */
  readonly #records = new Map<DeviceKind, { readonly ring: RejectedRecord[]; next: number }>();

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

  /** Keeps a refused record of a device of `kind`; the oldest of the kind's sample gives way. */
  keepRecord(kind: DeviceKind, rejected: RejectedRecord): void {
    let sample = this.#records.get(kind);
    if (sample === undefined) this.#records.set(kind, (sample = { ring: [], next: 0 }));
    sample.ring[sample.next] = rejected;
    sample.next = (sample.next + 1) % rejectedRecordsKeptPerKind;
  }

  /** The newest refused records of devices of a kind, newest first, at most `limit`. */
  rejectedRecords(kind: DeviceKind, limit: number): RejectedRecord[] {
    const sample = this.#records.get(kind);
    if (sample === undefined) return [];
    const { ring, next } = sample;
    const newestFirst = [...ring.slice(0, next).reverse(), ...ring.slice(next).reverse()];
    return newestFirst.slice(0, limit);
  }
}
