/**
 * The connect storm's devices, in a process of their own (connect-storm.ts). Every device's
 * connection is opened in one turn, its CONNECT written at once (raw MQTT 3.1.1 client, TCP_NODELAY):
 * as many CONNECTs in flight as this process can issue. Each device publishes one QoS1 reading as
 * soon as its CONNACK comes, as a device does when power returns. A failed connect is tried again
 * after `retry-ms`, as mqtt.js' reconnectPeriod does, until `limit-ms` from the start. Prints one
 * JSON line of figures (storm-protocol.ts), then keeps its connections open until the parent says
 * `close` (or its stdin closes), so the platform's memory can be read with every device connected.
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { deviceTopic } from '@kendali/contracts';
import { benchFleet, benchSecret } from './bench-fleet';
import { LatencyHistogram } from './latency-histogram';
import { closeCommand } from './load-protocol';
import type { PublishTransport } from './publish-transport';
import { connectRaw } from './raw-mqtt-transport';
import type { StormMessage } from './storm-protocol';

const say = (message: StormMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const { values } = parseArgs({ options: Object.fromEntries(['url', 'devices', 'seed', 'limit-ms', 'retry-ms'].map((name) => [name, { type: 'string' as const }])) });
const url = String(values.url);
const [devices, seed, limitMs, retryMs] = ['devices', 'seed', 'limit-ms', 'retry-ms'].map((name) => Number(values[name]));

const connectLatency = new LatencyHistogram();
const handshakeLatency = new LatencyHistogram();
const connackLatency = new LatencyHistogram();
const pubackLatency = new LatencyHistogram();
const failures = new Map<string, number>();
const transports: PublishTransport[] = [];
let attempts = 0;
let acked = 0;
let connectedMs = 0;
let ackedMs = 0;

/** The same failure from different devices and ports reads the same: no device id, no address. */
function reasonOf(error: unknown, deviceId: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(`${deviceId}: `, '').replace(/\s*\d{1,3}(?:\.\d{1,3}){3}:\d+/g, '');
}
const fail = (reason: string) => failures.set(reason, (failures.get(reason) ?? 0) + 1);

/** One device: connect (again after a failure) until the limit, then its first reading, acknowledged. */
async function device(id: string, stormStartMs: number, deadlineMs: number): Promise<void> {
  const firstMs = performance.now();
  while (performance.now() < deadlineMs) {
    attempts++;
    const attemptMs = performance.now();
    let handshakeMs = Number.NaN;
    let transport: PublishTransport;
    try {
      transport = await connectRaw(url, { clientId: id, password: benchSecret(id, seed!) }, deviceTopic(id, 'telemetry'), () => (handshakeMs = performance.now()));
    } catch (error) {
      fail(reasonOf(error, id));
      await sleep(retryMs);
      continue;
    }
    const connectedAtMs = performance.now();
    connectLatency.recordMs(connectedAtMs - firstMs);
    handshakeLatency.recordMs(handshakeMs - attemptMs);
    connackLatency.recordMs(connectedAtMs - handshakeMs);
    connectedMs = Math.max(connectedMs, connectedAtMs - stormStartMs);
    transports.push(transport);
    const error = await new Promise<Error | undefined>((resolve) => transport.publish(JSON.stringify({ ts: Date.now(), pm25: 12.5 }), 1, resolve));
    if (error) return void fail(`first reading: ${reasonOf(error, id)}`);
    const ackedAtMs = performance.now();
    acked++;
    pubackLatency.recordMs(ackedAtMs - connectedAtMs);
    ackedMs = Math.max(ackedMs, ackedAtMs - stormStartMs);
    return;
  }
}

async function main(): Promise<void> {
  const fleet = benchFleet(devices!, seed!, 'minimal');
  say({ type: 'storming' });
  const cpuAtStart = process.cpuUsage();
  const stormStartMs = performance.now();
  const deadlineMs = stormStartMs + limitMs!;
  const storm = Promise.all(fleet.map(({ id }) => device(id, stormStartMs, deadlineMs)));
  const issuedSeconds = (performance.now() - stormStartMs) / 1000;
  // A connect whose SYN the kernel keeps retrying may outlast the limit: it counts as not connected.
  await Promise.race([storm, sleep(Math.max(0, deadlineMs - performance.now()) + retryMs!)]);
  const cpu = process.cpuUsage(cpuAtStart);
  say({
    type: 'result',
    result: {
      devices: fleet.length,
      connected: transports.length,
      attempts,
      failures: Object.fromEntries(failures),
      issuedSeconds,
      connectedSeconds: connectedMs / 1000,
      connectLatency: connectLatency.summary(),
      handshakeLatency: handshakeLatency.summary(),
      connackLatency: connackLatency.summary(),
      acked,
      ackedSeconds: ackedMs / 1000,
      pubackLatency: pubackLatency.summary(),
      clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
      clientMaxRssMiB: process.resourceUsage().maxRSS / 1024, // maxRSS is in KiB
    },
  });
}

const finish = () => process.exit(0); // the kernel closes every connection
createInterface({ input: process.stdin })
  .on('line', (line) => line.trim() === closeCommand && finish())
  .on('close', finish);
main().catch((error: unknown) => {
  say({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
