import { setTimeout as sleep } from 'node:timers/promises';
import { buildFleet } from '@kendali/simulators';
import { startAedesTarget } from './aedes-target';
import type { BenchTarget, PipelineObservations } from './bench-target';
import type { CleanupStack } from './cleanup-stack';
import { startKendaliTarget } from './kendali-target';
import { LoadChild } from './load-child';
import type { LatencySummary, LoadResult, LoadSettings, Qos } from './load-protocol';
import { ProcessSampler, startFreshPhase } from './process-sampler';

export interface PhaseSpec {
  readonly target: BenchTarget['name'];
  readonly qos: Qos;
}

export interface PhaseResult extends PhaseSpec {
  /** Kendali: rows stored per second (store counter); bare Aedes: PUBACKs (QoS1) or publishes sent (QoS0) per second. */
  readonly ratePerSecond: number;
  /** The child's own rate: PUBACKs (QoS1) or publishes handed to the socket (QoS0) per second. */
  readonly loadRatePerSecond: number;
  readonly pubackLatency: LatencySummary | null;
  readonly storedLatency: LatencySummary | null;
  readonly frameLatency: LatencySummary | null;
  readonly rowsPerCommit: number | null;
  /** Rows stored by the end of the phase, after the drain (Kendali only). */
  readonly storedTotal: number | null;
  readonly rejected: number;
  readonly storeFailures: number;
  readonly load: LoadResult;
  readonly broker: ReturnType<ProcessSampler['stop']> & { readonly vmHwmIsPerPhase: boolean };
}

export interface PhaseOptions {
  readonly connections: number;
  readonly window: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly seed: number;
}

const drainMs = 10_000; // 10 seconds
const settleQuietMs = 500;

/** One phase: a fresh broker, the load child against it, figures taken over the measured window. */
export async function runPhase(spec: PhaseSpec, options: PhaseOptions, cleanup: CleanupStack): Promise<PhaseResult> {
  const label = `${spec.target} qos${spec.qos}`;
  const vmHwmIsPerPhase = startFreshPhase();
  const fleet = buildFleet({ devices: options.connections, seed: options.seed });
  const target = spec.target === 'kendali' ? await startKendaliTarget(fleet) : await startAedesTarget();
  const closeTarget = cleanup.add(() => target.close());
  const sampler = new ProcessSampler();
  const settings: LoadSettings = { url: target.url, qos: spec.qos, drainMs, ...options };
  const child = new LoadChild(settings);
  const killChild = cleanup.add(() => child.kill());

  const startedMs = performance.now();
  let atStart: PipelineObservations | undefined;
  let atEnd: PipelineObservations | undefined;
  const window = { startMs: 0, endMs: 0 };
  let last = { ms: startedMs, sent: 0, stored: target.observe()?.storedCount ?? 0 };
  child.on('message', (message) => {
    if (message.type === 'measuring') {
      window.startMs = performance.now();
      sampler.startWindow();
      target.record(true);
      atStart = target.observe();
    } else if (message.type === 'measured') {
      atEnd = target.observe();
      window.endMs = performance.now();
      target.record(false);
      sampler.endWindow();
    } else if (message.type === 'progress') {
      const now = { ms: performance.now(), sent: message.counts.sent, stored: target.observe()?.storedCount ?? 0 };
      const perS = (delta: number) => `${Math.round(delta / ((now.ms - last.ms) / 1000)).toLocaleString('en-US')}/s`;
      process.stderr.write(
        `  [${label}] ${((now.ms - startedMs) / 1000).toFixed(0).padStart(3)} s  sent ${perS(now.sent - last.sent)}` +
          (spec.target === 'kendali' ? `  stored ${perS(now.stored - last.stored)}` : '') +
          (spec.qos === 1 ? `  acked ${message.counts.acked.toLocaleString('en-US')}` : '') +
          `  rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB\n`,
      );
      last = now;
    }
  });

  try {
    const load = await child.result;
    const storedTotal = target.observe() === undefined ? null : await settledStoredCount(target);
    const broker = { ...sampler.stop(), vmHwmIsPerPhase };
    const final = target.observe();
    const seconds = load.window.seconds;
    const loadRatePerSecond = (spec.qos === 1 ? load.window.acked : load.window.sent) / seconds;
    const stored = atStart && atEnd ? { rows: atEnd.storedCount - atStart.storedCount, commits: atEnd.commitCount - atStart.commitCount } : undefined;
    return {
      ...spec,
      // The store's counter, read by this process at the child's window marks.
      ratePerSecond: stored ? stored.rows / ((window.endMs - window.startMs) / 1000) : loadRatePerSecond,
      loadRatePerSecond,
      pubackLatency: load.pubackLatency,
      storedLatency: atEnd?.storedLatency ?? null,
      frameLatency: atEnd?.frameLatency ?? null,
      rowsPerCommit: stored && stored.commits > 0 ? stored.rows / stored.commits : null,
      storedTotal,
      rejected: final?.rejected ?? 0,
      storeFailures: final?.storeFailures ?? 0,
      load,
      broker,
    };
  } finally {
    sampler.stop();
    await killChild();
    await closeTarget();
  }
}

/** After the load stops, waits until the store's row count stops moving (at most the drain time). */
async function settledStoredCount(target: BenchTarget): Promise<number> {
  const deadline = performance.now() + drainMs;
  let count = target.observe()?.storedCount ?? 0;
  let quietSinceMs = performance.now();
  while (performance.now() < deadline && performance.now() - quietSinceMs < settleQuietMs) {
    await sleep(50);
    const next = target.observe()?.storedCount ?? 0;
    if (next !== count) quietSinceMs = performance.now();
    count = next;
  }
  return count;
}
