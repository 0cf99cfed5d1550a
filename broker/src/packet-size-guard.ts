export interface PacketSizeLimits {
  /** Largest packet of an authenticated connection (after its CONNACK), in bytes. */
  readonly maxPacketBytes: number;
  /** Largest packet before the CONNACK, the CONNECT included, in bytes. */
  readonly maxConnectBytes: number;
}

const connectType = 1; // MQTT 3.1.1 §2.2.1: packet type 1 is CONNECT

/**
 * Reads the MQTT fixed header of every packet in a byte stream (MQTT 3.1.1 §2.2: one type byte,
 * then the Remaining Length as a variable byte integer of 1-4 bytes) and reports the first packet
 * that breaks the limits, before the broker buffers its body. Only headers are inspected; bodies
 * are skipped by length, so the cost is per packet, not per byte.
 *
 * Until `connected()` is called the peer is a stranger: its first packet must be a CONNECT and every
 * packet is held to `maxConnectBytes`, so an unauthenticated connection can make the broker buffer
 * only a few KiB.
 */
export class PacketSizeScanner {
  #skip = 0; // body bytes of the current packet still to pass
  #inHeader = false; // the type byte was seen; reading Remaining Length
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;
  #firstPacket = true;
  #connected = false;
  #maxBytes: number;

  constructor(private readonly limits: PacketSizeLimits) {
    this.#maxBytes = limits.maxConnectBytes;
  }

  /** The CONNACK was sent: from now on packets up to `maxPacketBytes` pass. */
  connected(): void {
    this.#connected = true;
    this.#maxBytes = this.limits.maxPacketBytes;
  }

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
        if (this.#firstPacket && byte >> 4 !== connectType) return 'the first MQTT packet must be a CONNECT [MQTT-3.1.0-1]; connection closed';
        this.#firstPacket = false;
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
      if (total > this.#maxBytes) return this.#tooLarge(total);
      this.#inHeader = false;
      this.#skip = this.#length;
    }
    return undefined;
  }

  #tooLarge(total: number): string {
    if (this.#connected) return `MQTT packet of ${total} bytes exceeds the ${this.#maxBytes}-byte limit; connection closed`;
    return `MQTT packet of ${total} bytes before CONNACK exceeds the ${this.#maxBytes}-byte limit for unauthenticated connections; connection closed`;
  }
}
