import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { processMemoryMiB } from './process-figures';

const rssSampleEveryMs = 100;
const mib = 1024 * 1024;

/**
 * This process's resources during a phase: RSS sampled every 100 ms (a busy event loop can make
 * a sample late, so the kernel's peak, VmHWM, is read too), CPU over the measured window (the
 * whole process, DuckDB's threads included) and event-loop delay over the whole phase, where
 * a stall anywhere shows.
 */
export class ProcessSampler {
  #peakRss = process.memoryUsage().rss;
  readonly #timer = setInterval(() => {
    this.#peakRss = Math.max(this.#peakRss, process.memoryUsage().rss);
  }, rssSampleEveryMs).unref();
  readonly #loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });

  constructor() {
    this.#loopDelay.enable();
  }
  #cpuAtStart: NodeJS.CpuUsage | undefined;
  #windowStartMs = 0;
  #cpuPct = Number.NaN;

  startWindow(): void {
    this.#cpuAtStart = process.cpuUsage();
    this.#windowStartMs = performance.now();
  }

  endWindow(): void {
    const cpu = process.cpuUsage(this.#cpuAtStart);
    this.#cpuPct = ((cpu.user + cpu.system) / ((performance.now() - this.#windowStartMs) * 1000)) * 100;
  }

  /** Stops sampling; figures in MiB, percent of one core and milliseconds. */
  stop(): { peakRssMiB: number; vmHwmMiB: number | null; cpuPct: number; loopP99Ms: number; loopMaxMs: number } {
    clearInterval(this.#timer);
    this.#loopDelay.disable();
    const vmHwmMiB = processMemoryMiB(process.pid, 'VmHWM');
    return {
      peakRssMiB: this.#peakRss / mib,
      vmHwmMiB: Number.isNaN(vmHwmMiB) ? null : vmHwmMiB,
      cpuPct: this.#cpuPct,
      loopP99Ms: this.#loopDelay.percentile(99) / 1e6,
      loopMaxMs: this.#loopDelay.max / 1e6,
    };
  }
}

/**
 * Starts the next phase from a clean slate: collects garbage left by the previous phase and resets
 * the kernel's peak-RSS mark (writing 5 to clear_refs, Linux ≥ 4.0), so each phase's VmHWM is its own.
 * Returns false where the reset is not possible (then VmHWM is the run's peak so far).
 */
export function startFreshPhase(): boolean {
  collectGarbage();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

let gc: (() => void) | undefined;
function collectGarbage(): void {
  if (gc === undefined) {
    // `pnpm bench` runs under tsx without --expose-gc; turning the flag on late still exposes gc()
    // to a fresh context.
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
