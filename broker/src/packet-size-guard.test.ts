import { describe, expect, it } from 'vitest';
import mqttPacket from 'mqtt-packet';
import { PacketSizeScanner } from './packet-size-guard';

const publish = (payloadBytes: number) =>
  mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(payloadBytes, 1), qos: 0, retain: false, dup: false });

const connect = (passwordBytes: number) =>
  mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60, clientId: 'wl-1', username: 'wl-1', password: Buffer.alloc(passwordBytes, 0x61) });

const feedAll = (scanner: PacketSizeScanner, chunks: Buffer[]) => chunks.map((chunk) => scanner.feed(chunk)).find((problem) => problem !== undefined);

/** A scanner past its CONNECT and CONNACK, as on an authenticated connection. */
const connectedScanner = (maxPacketBytes: number) => {
  const scanner = new PacketSizeScanner({ maxPacketBytes, maxConnectBytes: 4096 });
  expect(scanner.feed(connect(10))).toBeUndefined();
  scanner.connected();
  return scanner;
};

describe('PacketSizeScanner', () => {
  it('accepts packets under the limit, however the stream is split', () => {
    const stream = Buffer.concat([publish(10), publish(200), publish(16_000), publish(0), publish(130)]);
    expect(feedAll(connectedScanner(20_000), [stream])).toBeUndefined();
    expect(feedAll(connectedScanner(20_000), [...stream].map((b) => Buffer.from([b])))).toBeUndefined();
  });

  it('reports the first oversized packet from its header alone, before its body arrives', () => {
    const big = publish(300_000);
    expect(feedAll(connectedScanner(64 * 1024), [publish(10), big.subarray(0, 6)])).toMatch(/of 300\d{3} bytes exceeds the 65536-byte limit/);
  });

  it('keeps track of packet boundaries across many packets', () => {
    const scanner = connectedScanner(1_000);
    for (let i = 0; i < 100; i++) expect(scanner.feed(publish(900))).toBeUndefined();
    expect(scanner.feed(publish(1_000))).toMatch(/exceeds/);
  });

  it('refuses a Remaining Length longer than four bytes', () => {
    expect(connectedScanner(1 << 30).feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toMatch(/malformed/);
  });
});

describe('PacketSizeScanner before CONNACK', () => {
  const limits = { maxPacketBytes: 256 * 1024, maxConnectBytes: 4096 };

  it('accepts a CONNECT within the small bound, byte by byte', () => {
    expect(feedAll(new PacketSizeScanner(limits), [...connect(2_000)].map((b) => Buffer.from([b])))).toBeUndefined();
  });

  it('refuses a CONNECT over the small bound from its fixed header alone', () => {
    const declared = connect(250 * 1024).subarray(0, 4); // type byte and a 3-byte Remaining Length
    expect(new PacketSizeScanner(limits).feed(declared)).toMatch(/of 256\d{3} bytes before CONNACK exceeds the 4096-byte limit for unauthenticated connections/);
  });

  it('refuses any other packet type as the first packet [MQTT-3.1.0-1], at its first byte', () => {
    expect(new PacketSizeScanner(limits).feed(publish(10).subarray(0, 1))).toMatch(/first MQTT packet must be a CONNECT/);
    expect(new PacketSizeScanner(limits).feed(Buffer.from([0xc0, 0x00]))).toMatch(/first MQTT packet must be a CONNECT/); // PINGREQ
  });

  it('holds packets sent behind the CONNECT to the small bound until connected() is called', () => {
    const pipelined = new PacketSizeScanner(limits);
    expect(pipelined.feed(Buffer.concat([connect(10), publish(1_000)]))).toBeUndefined();
    expect(pipelined.feed(publish(10_000))).toMatch(/before CONNACK exceeds the 4096-byte limit/);

    const admitted = new PacketSizeScanner(limits);
    expect(admitted.feed(connect(10))).toBeUndefined();
    admitted.connected();
    expect(admitted.feed(publish(200_000))).toBeUndefined();
  });
});
