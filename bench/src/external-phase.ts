/** What every phase of the external-broker part shares: its options, the load, a fresh Mosquitto, the workers. */
import type { Mosquitto } from '@kendali/test-support';
import { benchFleet } from './bench-fleet';
import { startBenchMosquitto } from './bench-mosquitto';
import type { CleanupStack } from './cleanup-stack';
import { IngestWorker, type WorkerStore } from './ingest-worker';
import { LoadChild } from './load-child';
import type { LoadResult } from './load-protocol';

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

export const say = (text: string) => process.stderr.write(`${text}\n`);
export const perSecond = (count: number, fromMs: number, toMs: number) => (count * 1000) / Math.max(1, toMs - fromMs);

/** Runs the load child against Mosquitto; `on` hears its window edges, and the release follows 'stopped' at once. */
export async function runLoad(mosquitto: Mosquitto, options: ExternalOptions, rate: number, on: (edge: 'measuring' | 'measured' | 'stopped', acked: number) => void): Promise<LoadResult> {
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

/** One phase on a fresh Mosquitto (no session of an earlier phase left in it); the fleet's accounts made first. */
export async function onFreshBroker<T>(options: ExternalOptions, cleanup: CleanupStack, body: (mosquitto: Mosquitto) => Promise<T>): Promise<T> {
  const mosquitto = await startBenchMosquitto(benchFleet(options.connections, options.seed, 'mix'), options.seed);
  const close = cleanup.add(() => mosquitto.close());
  try {
    return await body(mosquitto);
  } finally {
    await close();
  }
}

export async function startWorkers(count: number, mosquitto: Mosquitto, store: WorkerStore, options: ExternalOptions, cleanup: CleanupStack) {
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
