import { summarizeFrames, type FrameSummary } from './frame-stats';
import type { LiveCounts, LiveStreamCounter } from './live-stream-counter';
import type { ChromeMetrics, PageSample, WallPageProbe } from './wall-page-probe';

export interface WallMinute {
  readonly minute: number;
  readonly frames: FrameSummary;
  readonly longTasks: number;
  readonly longTaskMs: number;
  /** Renderer main thread busy (TaskDuration) over the minute, % of the minute; JS (ScriptDuration) of it. */
  readonly busyPct: number;
  readonly scriptPct: number;
  readonly heapBeforeGcMiB: number;
  readonly heapAfterGcMiB: number;
  readonly domNodes: number;
  readonly eventListeners: number;
  /** Distinct scenes seen on screen during the minute. */
  readonly scenes: number;
  readonly takeoverSeconds: number;
  readonly notLiveSeconds: number;
  /** Readings per second the live stream carried during the minute, every kind. */
  readonly liveReadingsPerSecond: number;
}

/** Where the previous minute ended. */
export interface MinuteMark {
  readonly atMs: number;
  readonly live: LiveCounts;
  readonly metrics: ChromeMetrics;
}

const totalReadings = (counts: LiveCounts) => [...counts.readingsByKind.values()].reduce((sum, n) => sum + n, 0);

export async function startMinutes(probe: WallPageProbe, live: LiveStreamCounter): Promise<MinuteMark> {
  await probe.take(); // loading and the first snapshot are not part of minute 1
  return { atMs: Date.now(), live: live.counts(), metrics: await probe.metrics(false) };
}

/**
 * Ends a minute: the page's frames, Chromium's counters just before and right after a forced full
 * GC, and the live stream's counts. The frames the GC itself stalls are thrown away, as the bench
 * caused them, not the wall.
 */
export async function endMinute(minute: number, previous: MinuteMark, probe: WallPageProbe, live: LiveStreamCounter): Promise<{ row: WallMinute; sample: PageSample; mark: MinuteMark }> {
  const sample = await probe.take();
  const before = await probe.metrics(false);
  const after = await probe.metrics(true);
  await probe.take();
  const mark = { atMs: Date.now(), live: live.counts(), metrics: after };
  const elapsedS = (mark.atMs - previous.atMs) / 1000;
  const row: WallMinute = {
    minute,
    frames: summarizeFrames(sample.frameGapsMs),
    longTasks: sample.longTasksMs.length,
    longTaskMs: sample.longTasksMs.reduce((sum, ms) => sum + ms, 0),
    busyPct: ((before.taskS - previous.metrics.taskS) / elapsedS) * 100,
    scriptPct: ((before.scriptS - previous.metrics.scriptS) / elapsedS) * 100,
    heapBeforeGcMiB: before.heapUsedMiB,
    heapAfterGcMiB: after.heapUsedMiB,
    domNodes: after.domNodes,
    eventListeners: after.eventListeners,
    scenes: new Set(sample.scenes).size,
    takeoverSeconds: sample.takeoverSeconds,
    notLiveSeconds: sample.notLiveSeconds,
    liveReadingsPerSecond: (totalReadings(mark.live) - totalReadings(previous.live)) / elapsedS,
  };
  return { row, sample, mark };
}
