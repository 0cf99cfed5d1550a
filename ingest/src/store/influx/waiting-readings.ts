import type { DeviceKind, Reading } from '@kendali/contracts';

const compactAfterChunks = 1_024;

interface Chunk {
  /** null: counted only, past the index's bound. */
  readonly readings: readonly Reading[] | null;
  readonly count: number;
  /** Records of this chunk already forwarded. */
  done: number;
}

export interface WaitingSelection {
  readonly kind: DeviceKind;
  readonly deviceIds: ReadonlySet<string>;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The readings in the spool that InfluxDB does not hold yet, in spool order, so that answers can
 * include them. Records leave from the front as the forwarder confirms them, in the order it read
 * them. Bounded: past `maxReadings` waiting, further ones are only counted (`unindexed`) until
 * the backlog drains; answers then miss those, and health says how many.
 */
export class WaitingReadings {
  /** Chunks in spool order; those before `#head` are forwarded (a backlog holds hundreds of thousands, and `shift()` would move them all each time). */
  #chunks: (Chunk | undefined)[] = [];
  #head = 0;
  #indexed = 0;
  #unindexed = 0;

  constructor(private readonly maxReadings: number) {}

  /** Readings just made durable in the spool, in the order of their records. */
  add(readings: readonly Reading[]): void {
    const fits = this.#unindexed === 0 && this.#indexed + readings.length <= this.maxReadings;
    if (fits) this.#indexed += readings.length;
    else this.#unindexed += readings.length;
    // Kept as they are (no copy per reading on the hot path); `select` shapes what it answers.
    this.#chunks.push({ readings: fits ? readings : null, count: readings.length, done: 0 });
  }

  /** The oldest `count` records reached InfluxDB (or were refused for good and set aside). */
  remove(count: number): void {
    let left = count;
    while (left > 0) {
      const chunk = this.#chunks[this.#head];
      if (chunk === undefined) break;
      const taken = Math.min(left, chunk.count - chunk.done);
      chunk.done += taken;
      left -= taken;
      if (chunk.readings === null) this.#unindexed -= taken;
      else this.#indexed -= taken;
      if (chunk.done === chunk.count) this.#chunks[this.#head++] = undefined;
    }
    // Drop the forwarded front once it is most of the array: each chunk is copied O(1) times overall.
    if (this.#head > compactAfterChunks && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Waiting readings not in the index (past its bound): answers miss them until they are forwarded. */
  get unindexed(): number {
    return this.#unindexed;
  }

  /**
   * Waiting readings of one kind, of the devices and range asked, one per device and time (a later
   * record's fields replace an earlier one's, as InfluxDB merges points), ordered by time then device.
   */
  select(selection: WaitingSelection): Reading[] {
    const merged = new Map<string, Reading>();
    for (let c = this.#head; c < this.#chunks.length; c++) {
      const chunk = this.#chunks[c];
      if (chunk === undefined || chunk.readings === null) continue;
      for (let i = chunk.done; i < chunk.count; i++) {
        const reading = chunk.readings[i] as Reading;
        if (reading.kind !== selection.kind || reading.ts < selection.fromMs || reading.ts >= selection.toMs || !selection.deviceIds.has(reading.deviceId)) continue;
        const key = `${reading.deviceId}\u0000${reading.ts}`;
        const earlier = merged.get(key);
        // As InfluxDB would answer: it keeps no arrival time, so the measurement time stands in for it.
        merged.set(key, { ...reading, receivedAt: reading.ts, fields: earlier === undefined ? reading.fields : { ...earlier.fields, ...reading.fields } });
      }
    }
    return [...merged.values()].sort(byTimeThenDevice);
  }
}

export const byTimeThenDevice = (a: Reading, b: Reading): number => a.ts - b.ts || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0);
