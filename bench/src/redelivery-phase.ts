import { setTimeout as sleep } from 'node:timers/promises';
import { benchFleet } from './bench-fleet';
import type { CleanupStack } from './cleanup-stack';
import { onFreshBroker, runLoad, say, perSecond, startWorkers, type ExternalOptions } from './external-phase';
import type { IngestWorker, WorkerSample, WorkerStore } from './ingest-worker';
import { duckdbReadings, influxReadings } from './stored-readings';

export interface RedeliveryFigure {
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

const catchUpLimitMs = 120_000; // the longest wait for every acknowledged message to be stored
const pollEveryMs = 100;

/**
 * Two workers under a load they keep up with; at the middle of the window the second is killed
 * (SIGKILL) and started again at once on the same data directory and node id. The load goes on to
 * the end of the window. Then: how long until every message Mosquitto acknowledged is stored,
 * counted once (InfluxDB: in the shared database; DuckDB: both files, counted after the stop).
 */
export async function redeliveryPhase(rate: number, store: WorkerStore, options: ExternalOptions, cleanup: CleanupStack): Promise<RedeliveryFigure> {
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
