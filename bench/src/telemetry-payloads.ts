import { mulberry32, sampleReading, type FleetDevice } from '@kendali/simulators';
import type { PayloadShape } from './bench-fleet';

const variantsPerDevice = 32;

/**
 * Valid telemetry payloads for one device, cycled: the fields are sampled once up front (the
 * simulators' signal models cost more than a publish), and only `ts` is set at publish time, so
 * every message is a fresh, storable reading whose `ts` is its publish instant. `ts` comes first:
 * the bare-Aedes target reads it from the raw bytes.
 */
export class TelemetryPayloads {
  readonly #bodies: string[];
  #next = 0;
  #lastTs = 0;

  /**
   * `distinctTs`: no two payloads share a `ts` (one a millisecond at most, ahead of the clock by a
   * few ms after a burst), so each message is its own reading and counting stored readings once
   * counts every message. For paced loads of at most 1,000 messages a second per device.
   */
  constructor(
    device: FleetDevice,
    seed: number,
    shape: PayloadShape,
    private readonly distinctTs = false,
  ) {
    const random = mulberry32(seed);
    const now = Date.now();
    this.#bodies = Array.from({ length: variantsPerDevice }, (_, index) => {
      const fields = sampleReading(device, now - index * 60_000, random); // one minute apart
      const json = JSON.stringify(shape === 'minimal' ? { pm25: fields.pm25 } : fields);
      return json === '{}' ? '' : `,${json.slice(1, -1)}`;
    });
  }

  /** The next payload, stamped with `ts` = now (ms epoch; see `distinctTs`). */
  next(): string {
    const body = this.#bodies[this.#next] ?? '';
    this.#next = (this.#next + 1) % this.#bodies.length;
    const now = Date.now();
    this.#lastTs = this.distinctTs ? Math.max(now, this.#lastTs + 1) : now;
    return `{"ts":${this.#lastTs}${body}}`;
  }
}
