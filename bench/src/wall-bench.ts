import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromiumPath, makeTempDir, spawnPlatform } from '@kendali/test-support';
import type { CleanupStack } from './cleanup-stack';
import { dashboardBuild, dashboardBuilt, type DashboardBuild } from './dashboard-build';
import { heapTrend, type HeapTrend } from './heap-trend';
import { countLiveStream } from './live-stream-counter';
import { readPlatformFigures, waitForDevicesOnline } from './platform-metrics';
import { openWall } from './wall-browser';
import { wallLoad, type WallLoad } from './wall-load';
import type { WallBenchOptions } from './wall-options';
import { endMinute, startMinutes, type WallMinute } from './wall-minute';

const minuteMs = 60_000;
const stopGraceMs = 20_000; // flushing and closing DuckDB; after this the platform is SIGKILLed
const outputKeptChars = 20_000; // the tail shown when something fails

export interface WallBenchResult {
  readonly options: WallBenchOptions;
  readonly load: WallLoad;
  readonly dashboard: DashboardBuild;
  readonly chromium: string;
  readonly startupS: number;
  readonly onlineS: number;
  readonly minutes: readonly WallMinute[];
  readonly heap: HeapTrend | null;
  /** Readings per second by kind in the live stream over the measured minutes. */
  readonly liveByKind: ReadonlyMap<string, number>;
  /** Readings per second the platform stored over the measured minutes (/metrics). */
  readonly storedPerSecond: number;
  readonly liveDropped: number;
  /** Frames and long frames by the scene on screen, over the measured minutes. */
  readonly framesByScene: ReadonlyMap<string, { readonly frames: number; readonly long: number }>;
  readonly pageErrors: readonly string[];
  /** 1-minute load average as the measured minutes started and ended: other work on the machine shows here. */
  readonly loadAverage: { readonly atStart: number; readonly atEnd: number };
}

/** Why the wall bench cannot run here, or null. */
export function wallBenchSkipReason(): string | null {
  if (!existsSync(chromiumPath)) return `${chromiumPath} not found (apt-get install chromium)`;
  if (!dashboardBuilt()) return 'dashboard/dist is missing: run `npx -y pnpm@10.34.9 build` first';
  return null;
}

const say = (text: string) => process.stderr.write(`wall: ${text}\n`);
const perSecond = (count: number, ms: number) => (ms > 0 ? (count * 1000) / ms : Number.NaN);

/**
 * The platform as its own process with its simulators (`devices` devices, each chart fed about
 * `chartReadingsPerSecond`), every device online, then /wall in Chromium for `minutes` minutes of
 * live updates and scene rotation, measured minute by minute. Stops everything it started on every
 * path; an error names the stage that failed.
 */
export async function runWallBench(options: WallBenchOptions, cleanup: CleanupStack): Promise<WallBenchResult> {
  let stage = 'checking the dashboard build';
  try {
    const dashboard = await dashboardBuild();
    if (dashboard.stale) say('NOTE dashboard/dist is older than dashboard/src: this measures the last build (npx -y pnpm@10.34.9 build)');
    const load = wallLoad(options.devices, options.chartReadingsPerSecond);
    const token = `kdl_bench-${randomBytes(24).toString('base64url')}`;
    const dataDir = await makeTempDir('bench-wall');
    const removeDataDir = cleanup.add(() => dataDir.remove());
    try {
      stage = `starting the platform with ${options.devices} simulated devices (registering and connecting them)`;
      say(`${stage}, ${load.ratePerDeviceHz.toFixed(3)} readings/s each…`);
      const startedAt = Date.now();
      // It prints its addresses only after its simulators registered and connected the fleet.
      const platform = await spawnPlatform(
        {
          KENDALI_DATA_DIR: dataDir.path,
          KENDALI_ADMIN_TOKEN: token,
          KENDALI_SIMULATE: '1',
          KENDALI_SIMULATE_DEVICES: String(options.devices),
          KENDALI_SIMULATE_RATE: String(load.ratePerDeviceHz),
        },
        {
          timeoutMs: options.startupLimitMs,
          stopWithParent: true,
          killAfterMs: stopGraceMs,
          keptOutputChars: outputKeptChars,
          onWaiting: (seconds) => say(`  still starting after ${seconds} s`),
        },
      );
      const stopPlatform = cleanup.add(() => platform.stop());
      try {
        const startupS = (Date.now() - startedAt) / 1000;
        say(`platform up at ${platform.http} after ${startupS.toFixed(0)} s (pid ${platform.child.pid})`);
        const platformGone = platform.exited.then((code) => {
          throw new Error(`the platform exited (${code ?? platform.child.signalCode}); its output:\n${platform.output().trim()}`);
        });
        platformGone.catch(() => undefined);

        stage = `waiting for ${options.devices} devices to be online (/metrics)`;
        const onlineS = await Promise.race([
          waitForDevicesOnline(platform.http, token, options.devices, options.onlineLimitMs, (online, seconds) => say(`  ${online} online after ${seconds} s`)),
          platformGone,
        ]);
        say(`${options.devices} devices online after ${onlineS.toFixed(0)} s more`);

        stage = 'opening /wall in Chromium';
        const live = await countLiveStream(platform.http, token);
        const stopLive = cleanup.add(() => live.stop());
        const wallUrl = `${platform.http}/wall?token=${token}&rotate=${options.rotateSeconds}`;
        const wall = await Promise.race([openWall(wallUrl), platformGone]);
        const closeWall = cleanup.add(() => wall.close());
        try {
          say(`Chromium ${wall.version} shows the wall; measuring ${options.minutes} minute(s)…`);
          stage = 'measuring';
          const first = await startMinutes(wall.probe, live);
          const loadAtStart = loadavg()[0] ?? 0;
          const firstStored = await readPlatformFigures(platform.http, token);
          const minutes: WallMinute[] = [];
          const framesByScene = new Map<string, { frames: number; long: number }>();
          let mark = first;
          for (let minute = 1; minute <= options.minutes; minute++) {
            stage = `measuring minute ${minute}`;
            await Promise.race([sleep(first.atMs + minute * minuteMs - Date.now()), platformGone, wall.crashed]);
            const ended = await endMinute(minute, mark, wall.probe, live);
            for (const [scene, counts] of Object.entries(ended.sample.framesByScene)) {
              const sum = framesByScene.get(scene) ?? { frames: 0, long: 0 };
              framesByScene.set(scene, { frames: sum.frames + counts.frames, long: sum.long + counts.long });
            }
            minutes.push(ended.row);
            mark = ended.mark;
            const { frames: f, heapAfterGcMiB, domNodes } = ended.row;
            say(`minute ${minute}: ${f.frames} frames, p50/p95/p99 ${f.p50Ms.toFixed(1)}/${f.p95Ms.toFixed(1)}/${f.p99Ms.toFixed(1)} ms, ${f.longFrames} over 50 ms, heap ${heapAfterGcMiB.toFixed(1)} MiB after GC, ${domNodes} DOM nodes`);
          }
          const measuredMs = mark.atMs - first.atMs;
          const lastStored = await readPlatformFigures(platform.http, token);
          const firstByKind = first.live.readingsByKind;
          const liveByKind = new Map([...mark.live.readingsByKind].map(([kind, count]) => [kind, perSecond(count - (firstByKind.get(kind) ?? 0), measuredMs)] as const));
          return {
            options,
            load,
            dashboard,
            chromium: wall.version,
            startupS,
            onlineS,
            minutes,
            heap: heapTrend(minutes.map((m) => ({ minute: m.minute, heapMiB: m.heapAfterGcMiB }))),
            liveByKind,
            storedPerSecond: perSecond(lastStored.readingsStored - firstStored.readingsStored, measuredMs),
            liveDropped: mark.live.dropped - first.live.dropped,
            framesByScene,
            pageErrors: wall.errors,
            loadAverage: { atStart: loadAtStart, atEnd: loadavg()[0] ?? 0 },
          };
        } finally {
          await closeWall();
          await stopLive();
        }
      } finally {
        say('stopping the platform…');
        await stopPlatform();
      }
    } finally {
      await removeDataDir();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`wall bench failed while ${stage}: ${reason}`, { cause: error });
  }
}
