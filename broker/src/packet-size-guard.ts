import { Transform, type TransformCallback } from 'node:stream';

/**
 * Reads the MQTT fixed header of every packet passing through (MQTT 3.1.1 §2.2: one type byte,
 * then the Remaining Length as a variable byte integer of 1-4 bytes) and ends the stream with an
 * error when a packet would exceed `maxPacketBytes`, before the broker buffers it. Bytes pass
 * through unchanged; only headers are inspected.
 */
export class PacketSizeGuard extends Transform {
  #skip = 0; // body bytes of the current packet still to pass
  #inHeader = false; // the type byte was seen; reading Remaining Length
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;

  constructor(private readonly maxPacketBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.#skip > 0) {
        const step = Math.min(this.#skip, chunk.length - i);
        this.#skip -= step;
        i += step;
        continue;
      }
      const byte = chunk[i++]!;
      if (!this.#inHeader) {
        this.#inHeader = true;
        this.#length = 0;
        this.#multiplier = 1;
        this.#lengthBytes = 0;
        continue;
      }
      this.#length += (byte & 0x7f) * this.#multiplier;
      this.#multiplier *= 128;
      this.#lengthBytes++;
      if (byte & 0x80) {
        // [MQTT-2.2.3] at most four bytes of Remaining Length
        if (this.#lengthBytes >= 4) return callback(new Error('malformed MQTT packet: Remaining Length longer than 4 bytes'));
        continue;
      }
      const total = 1 + this.#lengthBytes + this.#length;
      if (total > this.maxPacketBytes) {
        return callback(new Error(`MQTT packet of ${total} bytes exceeds the ${this.maxPacketBytes}-byte limit; connection closed`));
      }
      this.#inHeader = false;
      this.#skip = this.#length;
    }
    callback(null, chunk);
  }
}
