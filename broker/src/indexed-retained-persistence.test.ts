import { describe, expect, it } from 'vitest';
import type { Packet } from 'aedes-persistence';
import { indexedRetainedPersistence } from './indexed-retained-persistence';

const retainedPacket = (topic: string, payload: string): Packet =>
  ({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: true, dup: false, brokerId: 'test', brokerCounter: 1 }) as Packet;

async function retainedFor(persistence: ReturnType<typeof indexedRetainedPersistence>, patterns: string[]): Promise<string[]> {
  const packets = (await persistence.createRetainedStreamCombi(patterns).toArray()) as { topic: string; payload: Buffer }[];
  return packets.map((p) => `${p.topic}=${p.payload.toString()}`).sort();
}

describe('retained messages by exact topic', () => {
  it('answers exact and wildcard subscriptions alike, and forgets a cleared topic', async () => {
    const persistence = indexedRetainedPersistence();
    // Called as Aedes 1.2 calls it: no callback, a promise back.
    const storeRetained = persistence.storeRetained.bind(persistence) as unknown as (packet: Packet) => Promise<void>;
    const store = (topic: string, payload: string) => storeRetained(retainedPacket(topic, payload));
    await store('kendali/v1/devices/wl-1/status', 'online');
    await store('kendali/v1/devices/wl-2/status', 'offline');
    await store('kendali/v1/devices/wl-1/status', 'offline'); // replaces

    expect(await retainedFor(persistence, ['kendali/v1/devices/wl-1/status'])).toEqual(['kendali/v1/devices/wl-1/status=offline']);
    expect(await retainedFor(persistence, ['kendali/v1/devices/wl-1/errors'])).toEqual([]);
    expect(await retainedFor(persistence, ['kendali/v1/devices/+/status'])).toEqual([
      'kendali/v1/devices/wl-1/status=offline',
      'kendali/v1/devices/wl-2/status=offline',
    ]);

    await store('kendali/v1/devices/wl-1/status', '');
    expect(await retainedFor(persistence, ['kendali/v1/devices/wl-1/status'])).toEqual([]);
    expect(await retainedFor(persistence, ['kendali/v1/devices/#'])).toEqual(['kendali/v1/devices/wl-2/status=offline']);
  });
});
