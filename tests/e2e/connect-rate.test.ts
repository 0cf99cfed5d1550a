import { connect as tcpConnect } from 'node:net';
import { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice, startTestPlatform, type TestPlatform } from '@kendali/test-support';

// The README's limit through the real broker: more than 50 connects a second from one address
// (averaged over 10 s, so 500 in a burst) are refused with CONNACK 5. 127.0.0.1 is exempt for the
// built-in simulators, so the client binds another loopback address (all of 127/8 is local on Linux).
let test: TestPlatform;
let secret: string;

beforeAll(async () => {
  test = await startTestPlatform('connect-rate');
  secret = await registerDevice(test.platform.addresses.http, 'wl-gateway', { kind: 'water-level', name: 'Gateway', district: 'Periuk' });
});

afterAll(async () => {
  await test?.stop();
});

/** One CONNECT from `localAddress`; resolves with the CONNACK's return code (0 = accepted). */
async function connectFrom(localAddress: string): Promise<number> {
  const { port, hostname } = new URL(test.platform.addresses.mqtt);
  // mqtt.js has no option for the local address: give it the socket.
  const client = new MqttClient(() => tcpConnect({ host: hostname, port: Number(port), localAddress }), {
    protocolVersion: 4,
    clientId: 'wl-gateway',
    username: 'wl-gateway',
    password: secret,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  const code = await new Promise<number>((resolve) => {
    client.once('connect', () => resolve(0));
    client.once('error', (error) => resolve((error as { code?: number }).code ?? -1));
  });
  await client.endAsync(true);
  return code;
}

describe('connect rate per address, through the broker', () => {
  it('refuses the 501st connect within 10 s from one address with CONNACK 5, and only that address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 501; i++) codes.push(await connectFrom('127.0.0.2'));
    // The burst allowance is 500; a slow machine may have freed a few points while the loop ran.
    expect(codes.slice(0, 500).filter((code) => code !== 0)).toEqual([]);
    const refusedLater: number[] = [];
    for (let i = 0; i < 20 && refusedLater.length === 0; i++) {
      const code = await connectFrom('127.0.0.2');
      if (code !== 0) refusedLater.push(code);
    }
    expect(codes[500] === 5 || refusedLater[0] === 5, `codes after the burst: ${codes[500]}, ${refusedLater.join(',')}`).toBe(true);
    // Another address, and the exempt loopback address of the simulators, still connect.
    expect(await connectFrom('127.0.0.3')).toBe(0);
    expect(await connectFrom('127.0.0.1')).toBe(0);
  });
});
