import { describe, expect, it } from 'vitest';
import mqttPacket from 'mqtt-packet';
import { PacketSizeGuard } from './packet-size-guard';

const publish = (payloadBytes: number) =>
  mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(payloadBytes, 1), qos: 0, retain: false, dup: false });

function run(chunks: Buffer[], max: number): Promise<{ passed: Buffer; error?: Error }> {
  const guard = new PacketSizeGuard(max);
  const passed: Buffer[] = [];
  guard.on('data', (chunk: Buffer) => passed.push(chunk));
  return new Promise((resolve) => {
    guard.on('error', (error) => resolve({ passed: Buffer.concat(passed), error }));
    guard.on('finish', () => resolve({ passed: Buffer.concat(passed) }));
    for (const chunk of chunks) guard.write(chunk);
    guard.end();
  });
}

describe('PacketSizeGuard', () => {
  it('passes packets under the limit unchanged, however the stream is split', async () => {
    const stream = Buffer.concat([publish(10), publish(200), publish(16_000), publish(0)]);
    const byteByByte = [...stream].map((b) => Buffer.from([b]));
    expect((await run([stream], 20_000)).passed.equals(stream)).toBe(true);
    expect((await run(byteByByte, 20_000)).passed.equals(stream)).toBe(true);
  });

  it('ends the stream at the first oversized packet, before its body arrives', async () => {
    const big = publish(300_000);
    const result = await run([publish(10), big.subarray(0, 10)], 64 * 1024);
    expect(result.error?.message).toMatch(/exceeds the 65536-byte limit/);
    expect(result.passed.length).toBe(publish(10).length);
  });

  it('refuses a Remaining Length longer than four bytes', async () => {
    const result = await run([Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])], 1 << 30);
    expect(result.error?.message).toMatch(/malformed/);
  });
});
