import { describe, expect, it } from 'vitest';
import mqttPacket from 'mqtt-packet';
import { PacketSizeScanner } from './packet-size-guard';

const publish = (payloadBytes: number) =>
  mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(payloadBytes, 1), qos: 0, retain: false, dup: false });

const feedAll = (scanner: PacketSizeScanner, chunks: Buffer[]) => chunks.map((chunk) => scanner.feed(chunk)).find((problem) => problem !== undefined);

describe('PacketSizeScanner', () => {
  it('accepts packets under the limit, however the stream is split', () => {
    const stream = Buffer.concat([publish(10), publish(200), publish(16_000), publish(0), publish(130)]);
    expect(feedAll(new PacketSizeScanner(20_000), [stream])).toBeUndefined();
    expect(feedAll(new PacketSizeScanner(20_000), [...stream].map((b) => Buffer.from([b])))).toBeUndefined();
  });

  it('reports the first oversized packet from its header alone, before its body arrives', () => {
    const big = publish(300_000);
    expect(feedAll(new PacketSizeScanner(64 * 1024), [publish(10), big.subarray(0, 6)])).toMatch(/of 300\d{3} bytes exceeds the 65536-byte limit/);
  });

  it('keeps track of packet boundaries across many packets', () => {
    const scanner = new PacketSizeScanner(1_000);
    for (let i = 0; i < 100; i++) expect(scanner.feed(publish(900))).toBeUndefined();
    expect(scanner.feed(publish(1_000))).toMatch(/exceeds/);
  });

  it('refuses a Remaining Length longer than four bytes', () => {
    expect(new PacketSizeScanner(1 << 30).feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toMatch(/malformed/);
  });
});
