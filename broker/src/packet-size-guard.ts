/**
 * Reads the MQTT fixed header of every packet in a byte stream (MQTT 3.1.1 §2.2: one type byte,
 * then the Remaining Length as a variable byte integer of 1-4 bytes) and reports the first packet
 * that would exceed `maxPacketBytes`, before the broker buffers its body. Only headers are
 * inspected; bodies are skipped by length, so the cost is per packet, not per byte.
 */
export class PacketSizeScanner {
  #skip = 0; // body bytes of the current packet still to pass
  #inHeader = false; // the type byte was seen; reading Remaining Length
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;

  constructor(private readonly maxPacketBytes: number) {}

  /** Feeds the next chunk of the stream; returns why the connection must close, or undefined. */
  feed(chunk: Buffer): string | undefined {
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
        if (this.#lengthBytes >= 4) return 'malformed MQTT packet: Remaining Length longer than 4 bytes';
        continue;
      }
      const total = 1 + this.#lengthBytes + this.#length;
      if (total > this.maxPacketBytes) return `MQTT packet of ${total} bytes exceeds the ${this.maxPacketBytes}-byte limit; connection closed`;
      this.#inHeader = false;
      this.#skip = this.#length;
    }
    return undefined;
  }
}
