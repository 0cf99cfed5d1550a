/**
 * The load generator, run as a child process of the bench so its CPU and memory are not counted
 * as the broker's. It connects one MQTT client per simulated device, publishes flat out, keeps
 * time (warm-up, measured window, drain) and reports on stdout as JSON lines (load-protocol.ts).
 * It exits when done, or as soon as its parent goes away (stdin closes).
 */
import { fstatSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { deviceTopic } from '@kendali/contracts';
import type { FleetDevice } from '@kendali/simulators';
import { benchFleet, benchSecret } from './bench-fleet';
import { LatencyHistogram } from './latency-histogram';
import { LoadConnection, type LoadClock, type LoadCounters } from './load-connection';
import { closeCommand, type LoadMessage, type LoadSettings } from './load-protocol';
import { connectMqttJs, type ClientKind } from './publish-transport';
import { connectRaw } from './raw-mqtt-transport';
import { TelemetryPayloads } from './telemetry-payloads';

const progressEveryMs = 2_000; // 2 seconds

function readSettings(argv: string[]): LoadSettings {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      ['url', 'client', 'payload', 'qos', 'connections', 'window', 'rate', 'warmup-ms', 'measure-ms', 'drain-ms', 'release-ms', 'seed'].map((name) => [name, { type: 'string' as const }]),
    ),
  });
  const int = (name: string) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number ≥ 0, got ${String(values[name])}`);
    return value;
  };
  const qos = int('qos');
  if (qos !== 0 && qos !== 1) throw new Error('--qos must be 0 or 1');
  const client = values.client === 'mqtt.js' ? 'mqtt.js' : 'raw';
  return {
    url: String(values.url),
    client,
    payload: values.payload === 'minimal' ? 'minimal' : 'mix',
    qos,
    connections: int('connections'),
    window: Math.max(1, int('window')),
    rate: values.rate === undefined ? 0 : int('rate'),
    warmupMs: int('warmup-ms'),
    measureMs: int('measure-ms'),
    drainMs: int('drain-ms'),
    releaseMs: int('release-ms'),
    seed: int('seed'),
  };
}

const say = (message: LoadMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const fleet = benchFleet(settings.connections, settings.seed, settings.payload);
  const connect: Record<ClientKind, typeof connectRaw> = { raw: connectRaw, 'mqtt.js': connectMqttJs };
  const transports = await Promise.all(
    fleet.map((device) =>
      connect[settings.client](settings.url, { clientId: device.id, password: benchSecret(device.id, settings.seed) }, deviceTopic(device.id, 'telemetry')),
    ),
  );
  say({ type: 'connected', connections: transports.length });

  const clock: LoadClock = { measuring: false, stopping: false };
  const counters: LoadCounters = { sent: 0, acked: 0, errors: 0, windowSent: 0, windowAcked: 0 };
  const pubackLatency = new LatencyHistogram();
  const connections = transports.map((transport, index) => {
    const payloads = new TelemetryPayloads(fleet[index] as FleetDevice, settings.seed + index, settings.payload, (settings.rate ?? 0) > 0);
    return new LoadConnection(transport, payloads, clock, counters, pubackLatency);
  });
  const publishingSinceMs = performance.now();
  const progress = setInterval(() => {
    const counts = { sent: counters.sent, acked: counters.acked, errors: counters.errors };
    say({ type: 'progress', counts, elapsedMs: performance.now() - publishingSinceMs });
  }, progressEveryMs);
  const finished = Promise.all(connections.map((connection) => connection.run(settings.qos, settings.window, (settings.rate ?? 0) / connections.length)));

  await sleep(settings.warmupMs);
  const cpuAtStart = process.cpuUsage();
  const startedMs = performance.now();
  const window = { startMs: Date.now(), endMs: 0 };
  clock.measuring = true;
  say({ type: 'measuring', atMs: window.startMs });
  await sleep(settings.measureMs);
  clock.measuring = false;
  window.endMs = Date.now();
  const seconds = (performance.now() - startedMs) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  say({ type: 'measured', atMs: window.endMs });

  clock.stopping = true;
  await Promise.race([finished, sleep(settings.drainMs)]);
  clearInterval(progress);
  const undrained = connections.reduce((sum, connection) => sum + connection.inFlight, 0);
  say({ type: 'stopped', counts: { sent: counters.sent, acked: counters.acked, errors: counters.errors } });
  await Promise.race([released, sleep(settings.releaseMs)]);
  await Promise.race([Promise.all(transports.map((transport) => transport.end(undrained > 0))), sleep(2_000)]);
  say({
    type: 'result',
    result: {
      total: { sent: counters.sent, acked: counters.acked, errors: counters.errors },
      window: { sent: counters.windowSent, acked: counters.windowAcked, errors: 0, seconds, ...window },
      pubackLatency: settings.qos === 1 ? pubackLatency.summary() : null,
      cpuPct: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
      maxRssMiB: process.resourceUsage().maxRSS / 1024, // maxRSS is in KiB
      undrained,
    },
  });
}

// The bench holds our stdin pipe open and writes `close` on it when its broker has caught up; when
// the pipe closes, the bench is gone and so should we be. Run by hand, nothing waits for it.
let release: () => void = () => undefined;
const released = new Promise<void>((resolve) => (release = resolve));
const stdin = fstatSync(0);
if (stdin.isFIFO() || stdin.isSocket()) {
  createInterface({ input: process.stdin })
    .on('line', (line) => line.trim() === closeCommand && release())
    .on('close', () => process.exit(0));
} else {
  release();
}
main().then(
  () => process.stdout.write('', () => process.exit(0)),
  (error: unknown) => {
    say({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.stdout.write('', () => process.exit(1));
  },
);
