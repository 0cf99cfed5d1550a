/**
 * The load generator, run as a child process of the bench so its CPU and memory are not counted
 * as the broker's. It connects one MQTT client per simulated device, publishes flat out, keeps
 * time (warm-up, measured window, drain) and reports on stdout as JSON lines (load-protocol.ts).
 * It exits when done, or as soon as its parent goes away (stdin closes).
 */
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic } from '@kendali/contracts';
import { buildFleet, type SimulatedDevice } from '@kendali/simulators';
import { LatencyHistogram } from './latency-histogram';
import { LoadConnection, type LoadClock, type LoadCounters } from './load-connection';
import type { LoadMessage, LoadSettings } from './load-protocol';
import { TelemetryPayloads } from './telemetry-payloads';

const progressEveryMs = 2_000; // 2 seconds

function readSettings(argv: string[]): LoadSettings {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      ['url', 'qos', 'connections', 'window', 'warmup-ms', 'measure-ms', 'drain-ms', 'seed'].map((name) => [name, { type: 'string' as const }]),
    ),
  });
  const int = (name: string) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number ≥ 0, got ${String(values[name])}`);
    return value;
  };
  const qos = int('qos');
  if (qos !== 0 && qos !== 1) throw new Error('--qos must be 0 or 1');
  return {
    url: String(values.url),
    qos,
    connections: int('connections'),
    window: Math.max(1, int('window')),
    warmupMs: int('warmup-ms'),
    measureMs: int('measure-ms'),
    drainMs: int('drain-ms'),
    seed: int('seed'),
  };
}

const say = (message: LoadMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function connect(url: string, device: SimulatedDevice): Promise<MqttClient> {
  const client = mqtt.connect(url, { clientId: device.id, clean: true, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000 });
  // mqtt.js leaves Nagle on, which adds ~20 ms to small packets (DESIGN.md, measured facts).
  if (client.stream instanceof Socket) client.stream.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
    client.once('close', () => reject(new Error(`${device.id}: connection closed before CONNACK`)));
  });
  if (client.stream instanceof Socket) client.stream.setNoDelay(true);
  client.on('error', () => undefined); // counted through publish callbacks; never fatal
  return client;
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const fleet = buildFleet({ devices: settings.connections, seed: settings.seed });
  const clients = await Promise.all(fleet.map((device) => connect(settings.url, device)));
  say({ type: 'connected', connections: clients.length });

  const clock: LoadClock = { measuring: false, stopping: false };
  const counters: LoadCounters = { sent: 0, acked: 0, errors: 0, windowSent: 0, windowAcked: 0 };
  const pubackLatency = new LatencyHistogram();
  const connections = clients.map((client, index) => {
    const device = fleet[index] as SimulatedDevice;
    const payloads = new TelemetryPayloads(device, settings.seed + index);
    return new LoadConnection(client, deviceTopic(device.id, 'telemetry'), payloads, clock, counters, pubackLatency);
  });
  const progress = setInterval(
    () => say({ type: 'progress', counts: { sent: counters.sent, acked: counters.acked, errors: counters.errors } }),
    progressEveryMs,
  );
  const finished = Promise.all(connections.map((connection) => connection.run(settings.qos, settings.window)));

  await sleep(settings.warmupMs);
  const cpuAtStart = process.cpuUsage();
  const startedMs = performance.now();
  clock.measuring = true;
  say({ type: 'measuring' });
  await sleep(settings.measureMs);
  clock.measuring = false;
  const seconds = (performance.now() - startedMs) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  say({ type: 'measured' });

  clock.stopping = true;
  await Promise.race([finished, sleep(settings.drainMs)]);
  clearInterval(progress);
  const undrained = connections.reduce((sum, connection) => sum + connection.inFlight, 0);
  await Promise.race([Promise.all(clients.map((client) => client.endAsync(undrained > 0))), sleep(2_000)]);
  say({
    type: 'result',
    result: {
      total: { sent: counters.sent, acked: counters.acked, errors: counters.errors },
      window: { sent: counters.windowSent, acked: counters.windowAcked, errors: 0, seconds },
      pubackLatency: settings.qos === 1 ? pubackLatency.summary() : null,
      cpuPct: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
      maxRssMiB: process.resourceUsage().maxRSS / 1024, // maxRSS is in KiB
      undrained,
    },
  });
}

process.stdin.on('end', () => process.exit(0)).resume(); // the parent went away
main().then(
  () => process.stdout.write('', () => process.exit(0)),
  (error: unknown) => {
    say({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.stdout.write('', () => process.exit(1));
  },
);
