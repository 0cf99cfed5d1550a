import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startInfluxd, influxdProgram, type Mosquitto } from '@kendali/test-support';
import { benchFleet } from './bench-fleet';
import { startBenchMosquitto } from './bench-mosquitto';
import { CeilingSubscriber } from './ceiling-subscriber';
import type { CleanupStack } from './cleanup-stack';
import { IngestWorker, type WorkerSample, type WorkerStore } from './ingest-worker';
import { LoadChild } from './load-child';
import type { LoadResult } from './load-protocol';
import { processCpuSeconds, processMemoryMiB } from './process-figures';
import { duckdbReadings, influxReadings } from './stored-readings';

export interface ExternalOptions {
  readonly connections: number;
  readonly window: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly seed: number;
  /** Readings per second the load generator offers in the throughput phases (QoS1, paced). */
  readonly rate: number;
  /** Where the workers store: InfluxDB when `influxd` is installed (auto), or the embedded DuckDB. */
  readonly store: 'auto' | 'influx' | 'duckdb';
}

interface WorkerFigure {
  readonly storedPerSecond: number;
  /** Process CPU time (every thread) per reading stored, µs. */
  readonly cpuMicrosPerReading: number;
  readonly cpuPct: number;
  readonly peakRssMiB: number;
}

export interface ThroughputFigure {
  readonly phase: string;
  /** PUBACKs from Mosquitto per second in the window: the load as offered. */
  readonly offeredPerSecond: number;
  /** Kendali: made durable (PUBACKed to Mosquitto after); bare subscriber: written to InfluxDB, or received. */
  readonly storedPerSecond: number;
  /** Kendali with InfluxDB: confirmed by InfluxDB per second (after the spool). */
  readonly forwardedPerSecond: number | null;
  readonly workers: readonly WorkerFigure[];
  readonly mosquittoCpuPct: number;
  /** Mosquitto's peak resident memory over the phase (VmHWM; a fresh Mosquitto each phase), MiB. */
  readonly mosquittoPeakRssMiB: number;
  readonly loadgenCpuPct: number;
}

interface RedeliveryFigure {
  readonly offeredPerSecond: number;
  /** SIGKILL → the worker started again and printed its addresses. */
  readonly restartSeconds: number;
  /** SIGKILL → every message Mosquitto acknowledged stored (the load went on until the end of the window). */
  readonly caughtUpSeconds: number;
  /** End of the load → every acknowledged message stored. */
  readonly afterLoadSeconds: number;
  readonly acknowledged: number;
  readonly storedOnce: number;
  /** The other worker's stored readings per second before the kill and while its peer was down. */
  readonly survivorPerSecond: { readonly before: number; readonly whileDown: number };
}

export interface ExternalFigures {
  readonly store: string;
  readonly accounts: string;
  readonly throughput: readonly ThroughputFigure[];
  readonly redelivery: RedeliveryFigure;
}

const catchUpLimitMs = 120_000; // the longest wait for every acknowledged message to be stored
const pollEveryMs = 100;

const say = (text: string) => process.stderr.write(`${text}\n`);
const perSecond = (count: number, fromMs: number, toMs: number) => (count * 1000) / Math.max(1, toMs - fromMs);

/** Runs the load child against Mosquitto; `on` hears its window edges, and the release follows 'stopped' at once. */
async function runLoad(mosquitto: Mosquitto, options: ExternalOptions, rate: number, on: (edge: 'measuring' | 'measured' | 'stopped', acked: number) => void): Promise<LoadResult> {
  const { connections, window, warmupMs, measureMs, seed } = options;
  const child = new LoadChild({ url: mosquitto.url, client: 'raw', payload: 'mix', qos: 1, rate, drainMs: 10_000, releaseMs: 10_000, connections, window, warmupMs, measureMs, seed });
  child.on('message', (message) => {
    if (message.type === 'measuring' || message.type === 'measured') on(message.type, 0);
    else if (message.type === 'stopped') {
      on('stopped', message.counts.acked);
      child.release();
    }
  });
  try {
    return await child.result;
  } finally {
    child.kill();
  }
}

function workerFigure(start: WorkerSample, end: WorkerSample, peakRssMiB: number): WorkerFigure {
  const stored = end.stored - start.stored;
  const cpu = end.cpuSeconds - start.cpuSeconds;
  return { storedPerSecond: perSecond(stored, start.atMs, end.atMs), cpuMicrosPerReading: stored > 0 ? (cpu * 1e6) / stored : Number.NaN, cpuPct: (cpu * 100_000) / (end.atMs - start.atMs), peakRssMiB };
}

/** One phase on a fresh Mosquitto (no session of an earlier phase left in it); the fleet's accounts made first. */
async function onFreshBroker<T>(options: ExternalOptions, cleanup: CleanupStack, body: (mosquitto: Mosquitto) => Promise<T>): Promise<T> {
  const mosquitto = await startBenchMosquitto(benchFleet(options.connections, options.seed, 'mix'), options.seed);
  const close = cleanup.add(() => mosquitto.close());
  try {
    return await body(mosquitto);
  } finally {
    await close();
  }
}

async function startWorkers(count: number, mosquitto: Mosquitto, store: WorkerStore, options: ExternalOptions, cleanup: CleanupStack) {
  const fleet = benchFleet(options.connections, options.seed, 'mix');
  const workers: { worker: IngestWorker; remove: () => Promise<void> }[] = [];
  const removeAll = () => Promise.all(workers.map(({ remove }) => remove()));
  try {
    for (let index = 1; index <= count; index++) {
      const worker = await IngestWorker.start(`bench-worker-${index}`, mosquitto, store, fleet, options.seed);
      workers.push({ worker, remove: cleanup.add(() => worker.remove()) });
    }
  } catch (error) {
    await removeAll();
    throw error;
  }
  return { workers: workers.map(({ worker }) => worker), removeAll };
}

/** Kendali with `count` ingest workers under the paced load: stored/s, and each worker's CPU per reading. */
async function workerPhase(count: number, store: WorkerStore, options: ExternalOptions, cleanup: CleanupStack): Promise<ThroughputFigure> {
  say(`external: ${count} ingest worker${count > 1 ? 's' : ''}, ${options.rate.toLocaleString('en-US')} readings/s offered, ${options.measureMs / 1000} s…`);
  return onFreshBroker(options, cleanup, async (mosquitto) => {
    const { workers, removeAll } = await startWorkers(count, mosquitto, store, options, cleanup);
    try {
      const edges: Promise<{ samples: WorkerSample[]; mosquittoCpu: number; atMs: number }>[] = [];
      const mark = async () => ({ samples: await Promise.all(workers.map((worker) => worker.sample())), mosquittoCpu: processCpuSeconds(mosquitto.pid), atMs: performance.now() });
      const load = await runLoad(mosquitto, options, options.rate, (edge) => {
        if (edge === 'stopped') return;
        const marked = mark();
        marked.catch(() => undefined); // awaited below; a failure is thrown there
        edges.push(marked);
      });
      const [start, end] = await Promise.all(edges);
      if (!start || !end) throw new Error('the load generator did not report its measured window');
      const figures = workers.map((worker, index) => workerFigure(start.samples[index]!, end.samples[index]!, worker.peakRssMiB()));
      const forwarded = end.samples.reduce((sum, sample) => sum + sample.forwarded, 0) - start.samples.reduce((sum, sample) => sum + sample.forwarded, 0);
      return {
        phase: `kendali, ${count} worker${count > 1 ? 's' : ''}`,
        offeredPerSecond: load.window.acked / load.window.seconds,
        storedPerSecond: figures.reduce((sum, figure) => sum + figure.storedPerSecond, 0),
        forwardedPerSecond: store.kind === 'influx' ? perSecond(forwarded, start.atMs, end.atMs) : null,
        workers: figures,
        mosquittoCpuPct: ((end.mosquittoCpu - start.mosquittoCpu) * 100_000) / (end.atMs - start.atMs),
        mosquittoPeakRssMiB: processMemoryMiB(mosquitto.pid, 'VmHWM'),
        loadgenCpuPct: load.cpuPct,
      };
    } finally {
      await removeAll();
    }
  });
}

/** The bare mqtt.js subscriber (ceiling-subscriber.ts), in this process, under the same load. */
async function ceilingPhase(store: WorkerStore, options: ExternalOptions, cleanup: CleanupStack): Promise<ThroughputFigure> {
  say(`external: bare subscriber (${store.kind === 'influx' ? 'batches into InfluxDB' : 'counts only'}), ${options.rate.toLocaleString('en-US')} readings/s offered…`);
  return onFreshBroker(options, cleanup, async (mosquitto) => {
    const subscriber = await CeilingSubscriber.start(mosquitto, store.kind === 'influx' ? store : null, benchFleet(options.connections, options.seed, 'mix'));
    const close = cleanup.add(() => subscriber.close());
    try {
      const edges: { written: number; cpu: NodeJS.CpuUsage; mosquittoCpu: number; atMs: number }[] = [];
      const load = await runLoad(mosquitto, options, options.rate, (edge) => {
        if (edge !== 'stopped') edges.push({ written: subscriber.written, cpu: process.cpuUsage(), mosquittoCpu: processCpuSeconds(mosquitto.pid), atMs: performance.now() });
      });
      const [start, end] = edges;
      if (!start || !end) throw new Error('the load generator did not report its measured window');
      const written = end.written - start.written;
      const cpuSeconds = (end.cpu.user + end.cpu.system - start.cpu.user - start.cpu.system) / 1e6;
      const storedPerSecond = perSecond(written, start.atMs, end.atMs);
      return {
        phase: 'bare subscriber',
        offeredPerSecond: load.window.acked / load.window.seconds,
        storedPerSecond,
        forwardedPerSecond: null,
        workers: [{ storedPerSecond, cpuMicrosPerReading: written > 0 ? (cpuSeconds * 1e6) / written : Number.NaN, cpuPct: (cpuSeconds * 100_000) / (end.atMs - start.atMs), peakRssMiB: Number.NaN }],
        mosquittoCpuPct: ((end.mosquittoCpu - start.mosquittoCpu) * 100_000) / (end.atMs - start.atMs),
        mosquittoPeakRssMiB: processMemoryMiB(mosquitto.pid, 'VmHWM'),
        loadgenCpuPct: load.cpuPct,
      };
    } finally {
      await close();
    }
  });
}

/**
 * Two workers under a load they keep up with; at the middle of the window the second is killed
 * (SIGKILL) and started again at once on the same data directory and node id. The load goes on to
 * the end of the window. Then: how long until every message Mosquitto acknowledged is stored,
 * counted once (InfluxDB: in the shared database; DuckDB: both files, counted after the stop).
 */
async function redeliveryPhase(rate: number, store: WorkerStore, options: ExternalOptions, cleanup: CleanupStack): Promise<RedeliveryFigure> {
  say(`external: redelivery, 2 workers at ${rate.toLocaleString('en-US')} readings/s, the second SIGKILLed mid-window and restarted…`);
  const kinds = [...new Set(benchFleet(options.connections, options.seed, 'mix').map((device) => device.kind))];
  return onFreshBroker(options, cleanup, async (mosquitto) => {
    const { workers, removeAll } = await startWorkers(2, mosquitto, store, options, cleanup);
    const [survivor, victim] = workers as [IngestWorker, IngestWorker];
    try {
      let killing: Promise<{ killedMs: number; readyMs: number; storedBefore: number; survivor: WorkerSample[] }> | undefined;
      let loadEndMs = 0;
      let acknowledged = 0;
      const kill = async () => {
        const atStart = await survivor.sample();
        await sleep(options.measureMs / 2);
        const atKill = await survivor.sample();
        const killedMs = performance.now();
        await victim.kill();
        // The embedded store: what the killed worker had stored, from its file, before it opens it again.
        const storedBefore = store.kind === 'duckdb' ? await duckdbReadings([victim.dataDir], kinds) : 0;
        await victim.restart();
        return { killedMs, readyMs: performance.now(), storedBefore, survivor: [atStart, atKill, await survivor.sample()] };
      };
      await runLoad(mosquitto, options, rate, (edge, acked) => {
        if (edge === 'measuring') {
          killing = kill();
          killing.catch(() => undefined); // awaited after the load; a failure is thrown there
        }
        if (edge === 'measured') loadEndMs = performance.now();
        if (edge === 'stopped') acknowledged = acked;
      });
      if (killing === undefined) throw new Error('the load generator did not report its measured window');
      const killed = await killing;
      const storedOnce = async () =>
        store.kind === 'influx' ? influxReadings(store.url, store.database) : (await survivor.sample()).stored + killed.storedBefore + (await victim.sample()).stored;
      let stored = await storedOnce();
      const deadline = performance.now() + catchUpLimitMs;
      while (stored < acknowledged && performance.now() < deadline) {
        await sleep(pollEveryMs);
        stored = await storedOnce();
      }
      const caughtUpMs = performance.now();
      await Promise.all(workers.map((worker) => worker.stop()));
      // DuckDB: the exact count, each reading once over both files (a copy stored twice is one).
      if (store.kind === 'duckdb') stored = await duckdbReadings([survivor.dataDir, victim.dataDir], kinds);
      const [atStart, atKill, atReady] = killed.survivor as [WorkerSample, WorkerSample, WorkerSample];
      return {
        offeredPerSecond: rate,
        restartSeconds: (killed.readyMs - killed.killedMs) / 1000,
        caughtUpSeconds: (caughtUpMs - killed.killedMs) / 1000,
        afterLoadSeconds: (caughtUpMs - loadEndMs) / 1000,
        acknowledged,
        storedOnce: stored,
        survivorPerSecond: { before: perSecond(atKill.stored - atStart.stored, atStart.atMs, atKill.atMs), whileDown: perSecond(atReady.stored - atKill.stored, atKill.atMs, atReady.atMs) },
      };
    } finally {
      await removeAll();
    }
  });
}

/** Skip reason, or null when Mosquitto and its dynamic-security plugin are installed. */
export function externalSkipReason(): string | null {
  for (const path of ['/usr/sbin/mosquitto', '/usr/bin/mosquitto_ctrl']) if (!existsSync(path)) return `${path} not found (apt-get install mosquitto)`;
  return null;
}

export async function runExternalFigures(options: ExternalOptions, cleanup: CleanupStack): Promise<ExternalFigures> {
  // Each device's readings need a millisecond each (TelemetryPayloads' distinct ts).
  if (options.rate > options.connections * 1_000) throw new Error(`a rate of ${options.rate} readings/s needs at least ${Math.ceil(options.rate / 1_000)} devices (at most 1,000 readings/s each)`);
  const useInflux = options.store === 'influx' || (options.store === 'auto' && existsSync(influxdProgram));
  const influxd = useInflux ? await startInfluxd() : null;
  const closeInfluxd = cleanup.add(() => influxd?.close());
  try {
    let databases = 0;
    const nextStore = async (): Promise<WorkerStore> => {
      if (influxd === null) return { kind: 'duckdb' };
      const database = `bench_external_${++databases}`;
      await influxd.createDatabase(database);
      return { kind: 'influx', url: influxd.url, database };
    };
    const storeName = influxd ? `InfluxDB 1.x (a private influxd on loopback; the workers share one database a phase, roll-ups off)` : `the embedded DuckDB (each worker its own file)${options.store === 'auto' ? `: ${influxdProgram} not found` : ''}`;
    say(`external: store ${storeName}`);
    const throughput: ThroughputFigure[] = [];
    for (const count of [1, 2]) throughput.push(await workerPhase(count, await nextStore(), options, cleanup));
    throughput.push(await ceilingPhase(await nextStore(), options, cleanup));
    // Below what two workers took, so the backlog after the restart is the kill's alone.
    const twoWorkers = throughput[1]?.storedPerSecond ?? 0;
    const rate = Math.max(100, Math.round(Math.min(options.rate, twoWorkers) / 2 / 100) * 100);
    const redelivery = await redeliveryPhase(rate, await nextStore(), options, cleanup);
    return { store: storeName, accounts: 'Mosquitto dynamic security: one account per device, rights to its own topics only', throughput, redelivery };
  } finally {
    await closeInfluxd();
  }
}
