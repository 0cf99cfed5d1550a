import { setMaxListeners } from 'node:events';
import type { DeviceLink } from './device-link';
import type { SimulationCounters } from './simulation-types';

/**
 * Stops every link: each says `offline` and waits for the acknowledgements of its readings in
 * flight. The wait lasts while acknowledgements keep arriving anywhere in the fleet, and ends for
 * the links still waiting once none arrived for `quietMs`. A fixed deadline counted from the stop
 * failed a loaded run's last reading of every device: the broker works through one backlog for the
 * whole fleet, so the last PUBACKs came more than 5 s after the stop, though they never stopped
 * coming.
 */
export async function stopLinks(links: readonly DeviceLink[], counters: Pick<SimulationCounters, 'acknowledged' | 'failed'>, quietMs: number): Promise<void> {
  const giveUp = new AbortController();
  setMaxListeners(links.length + 10, giveUp.signal); // every waiting link listens
  let stopped = 0;
  const progress = () => counters.acknowledged + counters.failed + stopped;
  let seen = progress();
  let seenAtMs = performance.now();
  const noticeProgress = (): boolean => {
    if (progress() === seen) return false;
    seen = progress();
    seenAtMs = performance.now();
    return true;
  };
  const watch = setInterval(
    () => {
      if (noticeProgress() || performance.now() - seenAtMs < quietMs) return;
      // Timers run before the I/O that waited while the event loop was busy: let the
      // acknowledgements already received be read (setImmediate runs after the poll phase).
      setImmediate(() => {
        if (!noticeProgress()) giveUp.abort();
      });
    },
    Math.max(10, quietMs / 10),
  );
  try {
    await Promise.all(
      links.map(async (link) => {
        await link.stop(giveUp.signal);
        stopped++;
      }),
    );
  } finally {
    clearInterval(watch);
  }
}
