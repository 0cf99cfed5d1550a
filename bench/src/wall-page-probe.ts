import type { CDPSession, Page } from 'playwright-core';

/** What the page recorded since the previous take. */
export interface PageSample {
  /** Time between consecutive requestAnimationFrame callbacks, ms. */
  readonly frameGapsMs: readonly number[];
  /** Durations of long tasks (main-thread tasks over 50 ms), ms. */
  readonly longTasksMs: readonly number[];
  /** Scenes on screen, sampled once a second (`.wall[data-scene]`). */
  readonly scenes: readonly string[];
  /** Frames and long frames (over 50 ms) by the scene on screen when the frame ended. */
  readonly framesByScene: Readonly<Record<string, { readonly frames: number; readonly long: number }>>;
  /** Seconds in which an alarm takeover (`.takeover`) had the screen. */
  readonly takeoverSeconds: number;
  /** Seconds in which the wall's link was not `live` (`.wall[data-link]`). */
  readonly notLiveSeconds: number;
}

export interface ChromeMetrics {
  /** JSHeapUsedSize, MiB. */
  readonly heapUsedMiB: number;
  /** DOM nodes alive in the renderer (Nodes). */
  readonly domNodes: number;
  readonly eventListeners: number;
  /** Main-thread busy time since the page opened (TaskDuration), s. */
  readonly taskS: number;
  /** Of which JavaScript (ScriptDuration), s. */
  readonly scriptS: number;
}

/**
 * Runs in the page before the app: a requestAnimationFrame loop that keeps the gap between frames,
 * a 'longtask' observer, and a once-a-second look at the scene. A plain script (the bench is
 * typechecked without DOM types); its own cost is an array push and an attribute read per frame.
 */
const probeScript = `(() => {
  let gaps = [], longTasks = [], scenes = [], byScene = {}, takeover = 0, notLive = 0, last = null, wall = null;
  const onFrame = (at) => {
    if (last !== null) {
      const gap = at - last;
      gaps.push(gap);
      if (wall === null || !wall.isConnected) wall = document.querySelector('.wall');
      const scene = (wall && wall.getAttribute('data-scene')) || 'none';
      const counts = byScene[scene] || (byScene[scene] = { frames: 0, long: 0 });
      counts.frames++;
      if (gap > 50) counts.long++;
    }
    last = at;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  try {
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) longTasks.push(entry.duration); }).observe({ type: 'longtask' });
  } catch {}
  setInterval(() => {
    const wall = document.querySelector('.wall');
    if (wall === null) return;
    scenes.push(wall.getAttribute('data-scene'));
    if (document.querySelector('.takeover') !== null) takeover++;
    if (wall.getAttribute('data-link') !== 'live') notLive++;
  }, 1000);
  window.__kendaliWallProbe = {
    take() {
      const sample = { frameGapsMs: gaps, longTasksMs: longTasks, scenes, framesByScene: byScene, takeoverSeconds: takeover, notLiveSeconds: notLive };
      gaps = []; longTasks = []; scenes = []; byScene = {}; takeover = 0; notLive = 0; last = null;
      return sample;
    },
  };
})();`;

export interface WallPageProbe {
  /** What the page recorded since the last take (or since the page opened), and starts afresh. */
  take(): Promise<PageSample>;
  /** Chromium's own counters; with `collectGarbage` a full GC runs first, for a fair heap figure. */
  metrics(collectGarbage: boolean): Promise<ChromeMetrics>;
}

/** Installs the probe; call before `page.goto`. */
export async function attachWallProbe(page: Page): Promise<WallPageProbe> {
  await page.addInitScript({ content: probeScript });
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    take: () => page.evaluate('window.__kendaliWallProbe.take()') as Promise<PageSample>,
    async metrics(collectGarbage) {
      if (collectGarbage) await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? Number.NaN;
      return {
        heapUsedMiB: value('JSHeapUsedSize') / 2 ** 20,
        domNodes: value('Nodes'),
        eventListeners: value('JSEventListeners'),
        taskS: value('TaskDuration'),
        scriptS: value('ScriptDuration'),
      };
    },
  };
}
