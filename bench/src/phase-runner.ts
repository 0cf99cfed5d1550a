import { setTimeout as sleep } from 'node:timers/promises';
import { startAedesTarget } from './aedes-target';
import { startFloorTarget } from './floor-target';
import { benchFleet, benchSecret, type PayloadShape } from './bench-fleet';
import type { BenchTarget } from './bench-target';
import type { CleanupStack } from './cleanup-stack';
import { startKendaliTarget } from './kendali-target';
import { LiveFrameAges, type WallFrameFigures } from './live-frame-ages';
import { LoadChild } from './load-child';
import type { LatencySummary, LoadMessage, LoadResult, Qos } from './load-protocol';
import { ProcessSampler, startFreshPhase } from './process-sampler';
import type { ClientKind } from './publish-transport';

export interface PhaseSpec {
  readonly target: BenchTarget['name'];
  readonly qos: Qos;
  /** QoS1 at `PhaseOptions.pacedRate` instead of flat out, frames read by a wall's client (Kendali only). */
  readonly paced?: true;
}

export interface PhaseOptions {
  readonly client: ClientKind;
  readonly payload: PayloadShape;
  readonly connections: number;
  readonly window: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly seed: number;
  /** Readings per second offered in a paced phase, over all connections. */
  readonly pacedRate: number;
  /** KENDALI_LIVE_FRAME_MS of the Kendali target; 0 leaves the platform's default. */
  readonly liveFrameMs: number;
}

/** A paced phase's own figures. */
interface PacingFigures {
  readonly offeredPerSecond: number;
  /** What the load generator published in the window, per second (below the offered rate when its window held it back). */
  readonly publishedPerSecond: number;
  /** Unacknowledged publishes allowed per connection. */
  readonly window: number;
  /** Frames as a client of `GET /api/live` in its own process heard them, in the window. */
  readonly wallFrame: WallFrameFigures;
}

export interface PhaseResult extends PhaseSpec {
  /** Completions per second inside the window, by completion time: Kendali rows committed, Aedes messages published through. */
  readonly ratePerSecond: number;
  /** The load generator's rate over its window: PUBACKs (QoS1) or publishes written to the socket (QoS0). */
  readonly loadRatePerSecond: number;
  readonly pubackLatency: LatencySummary | null;
  /** Completion − payload ts, for completions inside the window. */
  readonly completedLatency: LatencySummary | null;
  readonly frameLatency: LatencySummary | null;
  /** Message handed to ingest → durable, for messages made durable inside the window (Kendali only). */
  readonly intakeLatency: LatencySummary | null;
  readonly pacing: PacingFigures | null;
  readonly rowsPerCommit: number | null;
  /** Messages completed by the end of the phase, after the drain. */
  readonly completedTotal: number;
  /** Whether the broker caught up with everything sent before the bench stopped waiting. */
  readonly drained: boolean;
  readonly rejected: number;
  readonly storeFailures: number;
  readonly load: LoadResult;
  readonly broker: ReturnType<ProcessSampler['stop']> & { readonly vmHwmIsPerPhase: boolean };
}

const drainMs = 10_000; // the child's wait for its PUBACKs after it stops publishing
const catchUpMs = 15_000; // the broker's, for a QoS0 backlog queued in socket buffers (bounds the run time)
const quietMs = 2_000; // no completion for this long: the broker has stopped catching up

/** One phase: a fresh broker, the load child against it, figures cut from the measured window. */
export async function runPhase(spec: PhaseSpec, options: PhaseOptions, cleanup: CleanupStack): Promise<PhaseResult> {
  const vmHwmIsPerPhase = startFreshPhase();
  const fleet = benchFleet(options.connections, options.seed, options.payload);
  const secretFor = (deviceId: string) => benchSecret(deviceId, options.seed);
  const target =
    spec.target === 'kendali' ? await startKendaliTarget(fleet, secretFor, options.liveFrameMs) : spec.target === 'bare aedes' ? await startAedesTarget() : await startFloorTarget();
  const closeTarget = cleanup.add(() => target.close());
  const rate = spec.paced ? options.pacedRate : 0;
  // Paced, a connection may leave a second of its publishes unacknowledged: the rate sets the pace, not the window.
  const window = spec.paced ? Math.max(options.window, Math.ceil(rate / options.connections)) : options.window;
  const wall = spec.paced && target.http !== null ? await LiveFrameAges.start(target.http) : null;
  const stopWall = cleanup.add(() => wall?.stop());
  const sampler = new ProcessSampler();
  const child = new LoadChild({ url: target.url, qos: spec.qos, drainMs, releaseMs: catchUpMs + 5_000, ...options, window, rate });
  const killChild = cleanup.add(() => child.kill());

  let completedTotal = 0;
  const progress = progressPrinter(phaseLabel(spec), spec.qos, target);
  child.on('message', (message) => {
    if (message.type === 'measuring') sampler.startWindow();
    else if (message.type === 'measured') sampler.endWindow();
    else if (message.type === 'progress') progress(message);
    else if (message.type === 'stopped') {
      const expected = spec.qos === 1 ? message.counts.acked : message.counts.sent;
      void caughtUp(target, expected).then((count) => {
        completedTotal = count;
        child.release();
      });
    }
  });

  try {
    const load = await child.result;
    const broker = { ...sampler.stop(), vmHwmIsPerPhase };
    const counters = target.counters();
    const completed = target.completions.window(load.window.startMs, load.window.endMs);
    const frames = target.frames?.window(load.window.startMs, load.window.endMs);
    return {
      ...spec,
      ratePerSecond: completed.seconds > 0 ? completed.count / completed.seconds : Number.NaN,
      loadRatePerSecond: (spec.qos === 1 ? load.window.acked : load.window.sent) / load.window.seconds,
      pubackLatency: load.pubackLatency,
      completedLatency: completed.latency,
      frameLatency: frames?.latency ?? null,
      intakeLatency: target.intake?.window(load.window.startMs, load.window.endMs).latency ?? null,
      pacing: wall ? { offeredPerSecond: rate, publishedPerSecond: load.window.sent / load.window.seconds, window, wallFrame: wall.window(load.window.startMs, load.window.endMs) } : null,
      rowsPerCommit: completed.markDelta ? completed.count / completed.markDelta : null,
      completedTotal: Math.max(completedTotal, counters.completed),
      drained: counters.completed >= (spec.qos === 1 ? load.total.acked : load.total.sent),
      rejected: counters.rejected,
      storeFailures: counters.storeFailures,
      load,
      broker,
    };
  } finally {
    sampler.stop();
    await stopWall();
    await killChild();
    await closeTarget();
  }
}

export const phaseLabel = (spec: PhaseSpec) => `${spec.target} qos${spec.qos}${spec.paced ? ' paced' : ''}`;

/** Waits until the broker has completed `expected` messages, or stops making progress, or catchUpMs passes. */
async function caughtUp(target: BenchTarget, expected: number): Promise<number> {
  const deadline = performance.now() + catchUpMs;
  let count = target.counters().completed;
  let quietSinceMs = performance.now();
  while (count < expected && performance.now() < deadline && performance.now() - quietSinceMs < quietMs) {
    await sleep(50);
    const next = target.counters().completed;
    if (next !== count) quietSinceMs = performance.now();
    count = next;
  }
  return count;
}

/** Progress on stderr: the child's rates on its clock, the broker's on ours. */
function progressPrinter(label: string, qos: Qos, target: BenchTarget) {
  let last = { childMs: 0, sent: 0, ms: performance.now(), completed: target.counters().completed };
  return (message: Extract<LoadMessage, { type: 'progress' }>) => {
    const now = { childMs: message.elapsedMs, sent: message.counts.sent, ms: performance.now(), completed: target.counters().completed };
    const perSecond = (count: number, ms: number) => `${ms > 0 ? Math.round((count * 1000) / ms).toLocaleString('en-US') : '?'}/s`;
    process.stderr.write(
      `  [${label}] ${(now.childMs / 1000).toFixed(0).padStart(3)} s  sent ${perSecond(now.sent - last.sent, now.childMs - last.childMs)}` +
        `  ${target.name === 'bare aedes' ? 'published' : 'stored'} ${perSecond(now.completed - last.completed, now.ms - last.ms)}` +
        (qos === 1 ? `  acked ${message.counts.acked.toLocaleString('en-US')}` : '') +
        `  rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB\n`,
    );
    last = now;
  };
}
