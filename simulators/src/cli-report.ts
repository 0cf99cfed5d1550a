import type { Simulation, SimulationEvent, SimulationStats, SimulationSummary } from './simulation-types';

export type CliLog = (line: string) => void;

const progressLineIntervalMs = 5_000; // 5 seconds
const progressBarIntervalMs = 1_000;
const barWidth = 24;

/** One progress line: counters so far and the acknowledged rate since the previous line. */
function formatProgress(stats: SimulationStats, devices: number, ackedPerSecond: number): string {
  return [
    `connected ${stats.connected}/${devices}`,
    `sent ${stats.sent}`,
    `acked ${stats.acknowledged}`,
    `rejected ${stats.rejected}`,
    `failed ${stats.failed}`,
    `${ackedPerSecond.toFixed(1)} msg/s`,
  ].join(' · ');
}

/** `[#########---------------]  37% 22/60 s`: how far a bounded run has come. */
function formatBar(elapsedMs: number, durationMs: number): string {
  const done = Math.min(1, elapsedMs / durationMs);
  const filled = Math.round(done * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${String(Math.round(done * 100)).padStart(3)}% ${Math.round(elapsedMs / 1000)}/${Math.round(durationMs / 1000)} s`;
}

export function formatSummary(summary: SimulationSummary): string {
  return [
    `summary: devices ${summary.devices}`,
    `sent ${summary.sent}`,
    `acked ${summary.acknowledged}`,
    `rejected ${summary.rejected}`,
    `failed ${summary.failed}`,
    `elapsed ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    `${summary.acknowledgedPerSecond.toFixed(1)} msg/s`,
  ].join(' · ');
}

/** Resident memory and heap of this process, e.g. `rss 412 MiB, heap 188 MiB`. */
export function memoryMiB(): string {
  const usage = process.memoryUsage();
  return `rss ${Math.round(usage.rss / 2 ** 20)} MiB, heap ${Math.round(usage.heapUsed / 2 ** 20)} MiB`;
}

export interface ReportOptions {
  /** Redraw one line every second (a bar when the run is bounded) instead of logging every 5 s. */
  readonly progress: boolean;
  readonly durationMs: number;
  readonly log: CliLog;
}

/** Reports progress on stderr until the run is done, then returns its summary. */
export async function reportUntilDone(
  simulation: Pick<Simulation, 'done' | 'stats'>,
  devices: number,
  options: ReportOptions,
): Promise<SimulationSummary> {
  const redraw = options.progress && process.stderr.isTTY;
  const startedMs = performance.now();
  let previous = { acknowledged: 0, atMs: startedMs };
  const timer = setInterval(
    () => {
      const stats = simulation.stats();
      const atMs = performance.now();
      const line = formatProgress(stats, devices, ((stats.acknowledged - previous.acknowledged) / (atMs - previous.atMs)) * 1000);
      previous = { acknowledged: stats.acknowledged, atMs };
      const bar = options.progress && options.durationMs > 0 ? `${formatBar(atMs - startedMs, options.durationMs)} ` : '';
      if (redraw) process.stderr.write(`\r\x1b[2K${bar}${line}`);
      else options.log(`${bar}${line}`);
    },
    options.progress ? progressBarIntervalMs : progressLineIntervalMs,
  );
  try {
    return await simulation.done;
  } finally {
    clearInterval(timer);
    if (redraw) process.stderr.write('\n');
  }
}

const linesPerEventType = 5;

/**
 * Turns simulation events into log lines, the first few of each type only: a thousand devices
 * rejected for the same reason should not flood the terminal (the counters keep the totals).
 */
export function eventLogger(write: CliLog): (event: SimulationEvent) => void {
  const printed = new Map<SimulationEvent['type'], number>();
  return (event) => {
    if (event.type === 'connected') return;
    const count = (printed.get(event.type) ?? 0) + 1;
    printed.set(event.type, count);
    if (count > linesPerEventType) return;
    const more = count === linesPerEventType ? ` (further ${event.type} events are counted, not shown)` : '';
    write(`${describeEvent(event)}${more}`);
  };
}

function describeEvent(event: Exclude<SimulationEvent, { type: 'connected' }>): string {
  switch (event.type) {
    case 'disconnected':
      return `${event.deviceId} disconnected`;
    case 'rejected':
      return event.notice
        ? `${event.deviceId} rejected: ${event.notice.code}: ${event.notice.message}`
        : `${event.deviceId} rejected: ${event.payload.slice(0, 200)}`;
    case 'error':
      return `${event.deviceId} error: ${event.error.message}`;
  }
}
