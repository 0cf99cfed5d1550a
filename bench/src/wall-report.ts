import { availableParallelism } from 'node:os';
import { longFrameMs } from './frame-stats';
import type { HeapTrend } from './heap-trend';
import { table } from './report-table';
import type { WallBenchResult } from './wall-bench';
import { chartSceneOfKind } from './wall-load';

const dash = '-';
const fixed = (digits: number) => (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? dash : value.toFixed(digits));
const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : dash);
const signed = (value: number, digits: number) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;

function minuteTable(result: WallBenchResult): string {
  return table(
    ['minute', 'frames', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', `>${longFrameMs} ms`, 'long tasks', 'busy %', 'js %', 'heap MiB', 'pre-GC MiB', 'DOM nodes', 'listeners', 'scenes', 'readings/s'],
    result.minutes.map((m) => [
      String(m.minute),
      int(m.frames.frames),
      fixed(1)(m.frames.p50Ms),
      fixed(1)(m.frames.p95Ms),
      fixed(1)(m.frames.p99Ms),
      fixed(0)(m.frames.maxMs),
      int(m.frames.longFrames),
      m.longTasks === 0 ? '0' : `${m.longTasks} (${int(m.longTaskMs)} ms)`,
      fixed(0)(m.busyPct),
      fixed(0)(m.scriptPct),
      fixed(1)(m.heapAfterGcMiB),
      fixed(1)(m.heapBeforeGcMiB),
      int(m.domNodes),
      int(m.eventListeners),
      [String(m.scenes), m.takeoverSeconds > 0 ? `takeover ${m.takeoverSeconds} s` : '', m.notLiveSeconds > 0 ? `link not live ${m.notLiveSeconds} s` : ''].filter(Boolean).join(', '),
      int(m.liveReadingsPerSecond),
    ]),
  );
}

/** One line on the heap after GC: end against the warm-up baseline, and the later minutes' slope. */
function heapVerdict(heap: HeapTrend | null, domNodes: readonly number[]): string {
  if (heap === null) return 'heap: no minute measured';
  const baseline = `minute${heap.baselineMinutes.length > 1 ? 's' : ''} ${heap.baselineMinutes.join('-')}`;
  const growth = heap.lastMiB - heap.baselineMiB;
  const slope =
    heap.slopeMiBPerMinute === null
      ? `no slope (fewer than 3 minutes from minute ${heap.slopeFromMinute}: run 5 or more)`
      : `slope over minutes ${heap.slopeFromMinute}-${heap.lastMinute}: ${signed(heap.slopeMiBPerMinute, 2)} MiB/min`;
  const nodes = domNodes.length > 0 ? `; DOM nodes ${int(domNodes[0] ?? Number.NaN)} at minute 1, ${int(domNodes.at(-1) ?? Number.NaN)} at the end` : '';
  return `heap after GC: ${heap.baselineMiB.toFixed(1)} MiB at ${baseline}, ${heap.lastMiB.toFixed(1)} MiB at minute ${heap.lastMinute} (${signed(growth, 1)} MiB); ${slope}${nodes}`;
}

export function wallLines(result: WallBenchResult): string[] {
  const { load, options } = result;
  const kinds = [...load.devicesByKind.keys()];
  const byKind = table(
    ['  kind', 'devices', 'readings/s measured', 'set', 'chart'],
    kinds.map((kind) => [`  ${kind}`, int(load.devicesByKind.get(kind) ?? Number.NaN), fixed(1)(result.liveByKind.get(kind) ?? 0), fixed(1)(load.expectedPerSecondByKind.get(kind)), chartSceneOfKind[kind] ?? 'none (map only)']),
  );
  const errors = result.pageErrors;
  return [
    `Wall (/wall, 1920x1080, Chromium ${result.chromium} headless, no GPU): ${options.devices.toLocaleString('en-US')} devices on the map, scenes rotating every ${options.rotateSeconds} s, ${result.minutes.length} minute(s) of live updates`,
    `platform: its own process, built-in simulators at ${load.ratePerDeviceHz.toFixed(3)} readings/s per device; up (fleet registered and connected) after ${result.startupS.toFixed(0)} s, every device online ${result.onlineS.toFixed(0)} s later`,
    'readings the live stream (/api/live) carried over the measured minutes, by kind:',
    byKind,
    `stored by the platform: ${fixed(1)(result.storedPerSecond)}/s (/metrics); readings left out of full frames: ${result.liveDropped}`,
    `dashboard/dist built ${new Date(result.dashboard.builtAtMs).toISOString()}${result.dashboard.stale ? ' — OLDER than dashboard/src: rebuild to measure the current code' : ''}`,
    '',
    minuteTable(result),
    '',
    heapVerdict(result.heap, result.minutes.map((m) => m.domNodes)),
    `frames over ${longFrameMs} ms by scene: ${[...result.framesByScene].map(([scene, { frames, long }]) => `${scene} ${long} of ${int(frames)} (${fixed(1)((long / frames) * 100)} %)`).join(', ') || dash}`,
    `page console errors: ${errors.length === 0 ? 'none' : `${errors.length}, first: ${errors[0]}`}`,
    `load average (1 min): ${result.loadAverage.atStart.toFixed(2)} as the minutes started, ${result.loadAverage.atEnd.toFixed(2)} at their end, on ${availableParallelism()} cores (well above that: other work shared them)`,
    '',
    'frames    requestAnimationFrame callbacks in the minute (60 Hz = 3,600); p50..max: time between consecutive frames',
    `>${longFrameMs} ms    frames that took over ${longFrameMs} ms (a visible stutter); long tasks: main-thread tasks over 50 ms (PerformanceObserver)`,
    'busy/js % renderer main thread busy (CDP TaskDuration) and running JS (ScriptDuration), % of the minute',
    'heap MiB  JS heap used right after a forced full GC (CDP HeapProfiler.collectGarbage, Performance.getMetrics); pre-GC: just before it',
    'scenes    distinct scenes seen in the minute (of 5), and seconds an alarm takeover held the screen or the link was not live',
    'readings/s readings carried by /api/live frames in the minute, every kind (what the wall is fed)',
    'Headless Chromium without a GPU: frames are composited in software and paced at 60 Hz, so frame times show main-thread work',
    '(React, recharts, SVG layout and paint), not what a GPU-backed wall screen would show. The platform, its simulators and',
    'Chromium share this machine\'s cores. The minute boundary\'s forced GC is left out of the frame figures.',
  ];
}

/** The result with its maps as plain objects, for `--json`. */
export function wallJson(result: WallBenchResult) {
  const { load } = result;
  return {
    ...result,
    load: {
      ...load,
      devicesByKind: Object.fromEntries(load.devicesByKind),
      expectedPerSecondByKind: Object.fromEntries(load.expectedPerSecondByKind),
    },
    liveByKind: Object.fromEntries(result.liveByKind),
    framesByScene: Object.fromEntries(result.framesByScene),
  };
}
