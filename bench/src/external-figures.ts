import { existsSync } from 'node:fs';
import { startInfluxd, influxdProgram } from '@kendali/test-support';
import { benchFleet } from './bench-fleet';
import { CeilingSubscriber } from './ceiling-subscriber';
import type { CleanupStack } from './cleanup-stack';
import { onFreshBroker, perSecond, runLoad, say, startWorkers, type ExternalOptions } from './external-phase';
import type { WorkerSample, WorkerStore } from './ingest-worker';
import { processCpuSeconds, processMemoryMiB } from './process-figures';
import { redeliveryPhase, type RedeliveryFigure } from './redelivery-phase';

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

export interface ExternalFigures {
  readonly store: string;
  readonly accounts: string;
  readonly throughput: readonly ThroughputFigure[];
  readonly redelivery: RedeliveryFigure;
}

function workerFigure(start: WorkerSample, end: WorkerSample, peakRssMiB: number): WorkerFigure {
  const stored = end.stored - start.stored;
  const cpu = end.cpuSeconds - start.cpuSeconds;
  return { storedPerSecond: perSecond(stored, start.atMs, end.atMs), cpuMicrosPerReading: stored > 0 ? (cpu * 1e6) / stored : Number.NaN, cpuPct: (cpu * 100_000) / (end.atMs - start.atMs), peakRssMiB };
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
