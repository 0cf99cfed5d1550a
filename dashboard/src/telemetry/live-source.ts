import type { KindChange, LiveDevice, LiveFrame } from '@kendali/contracts';
import { liveEventNames } from '@kendali/contracts';
import { api } from './api-client';
import { openEventStream } from './event-stream';
import { createRetrySchedule, liveRetryBackoff, type RetryBackoff } from './retry-schedule';
import type { TelemetrySink, TelemetrySource } from './telemetry-source';

export interface LiveSourceOptions {
  /** Server-sent events; each `frame` event carries one JSON LiveFrame, each `kinds` event a KindChange. */
  readonly livePath?: string;
  /** Waits before retrying a failed device list or a stream the browser gave up on (default 0.5 s doubling to 5 s). */
  readonly retry?: RetryBackoff;
  /** Reopen the stream after this long without a frame, ms (frames come at 4 Hz even when nothing changed). */
  readonly silenceLimitMs?: number;
}

const defaults = {
  livePath: '/api/live',
  // A blip (a proxy's 502 while a node restarts) costs the wall half a second, not five; a server
  // that stays away is asked every 5 s, as calmly as before.
  retry: liveRetryBackoff,
  silenceLimitMs: 15_000, // 15 seconds: some 60 frames missed, beyond any pause of a busy browser tab
} as const;

function looksLikeFrame(value: unknown): value is LiveFrame {
  if (typeof value !== 'object' || value === null) return false;
  const frame = value as Partial<Record<keyof LiveFrame, unknown>>;
  return (
    typeof frame.seq === 'number' &&
    typeof frame.at === 'number' &&
    typeof frame.stats === 'object' &&
    frame.stats !== null &&
    Array.isArray(frame.readings) &&
    Array.isArray(frame.statuses)
  );
}

/**
 * The API as a telemetry source: loads the live picture's device list once (`/api/live/devices`,
 * which a wall screen's display credential may read), then follows the live stream, both with the
 * page's token.
 */
export function createLiveSource(options: LiveSourceOptions = {}): TelemetrySource {
  const { livePath, retry, silenceLimitMs } = { ...defaults, ...options };

  return {
    start(sink: TelemetrySink) {
      let stopped = false;
      let closeStream: (() => void) | null = null;
      let retryTimer: ReturnType<typeof setTimeout> | null = null;
      const deviceListRetry = createRetrySchedule(retry);

      const loadDevices = async (): Promise<void> => {
        try {
          const list: unknown = await api.liveDevices();
          if (!Array.isArray(list)) throw new Error('/api/live/devices did not return an array');
          if (!stopped) sink.devices(list as LiveDevice[]);
        } catch (error) {
          if (stopped) return;
          // The page still shows what the stream brings; names and districts follow on retry.
          console.warn('Kendali: device list not loaded, retrying', error);
          retryTimer = setTimeout(() => void loadDevices(), deviceListRetry.next());
        }
      };

      const onKinds = (change: unknown) => {
        if (typeof change === 'object' && change !== null && typeof (change as Partial<KindChange>).kind === 'string') sink.kindChanged(change as KindChange);
      };
      const onFrame = (frame: unknown) => {
        if (looksLikeFrame(frame)) sink.frame(frame);
        else console.warn('Kendali: live frame has an unexpected shape; ignored');
      };

      sink.link('connecting');
      void loadDevices().finally(() => {
        if (!stopped) closeStream = openEventStream(livePath, { events: { [liveEventNames.frame]: onFrame, [liveEventNames.kinds]: onKinds }, link: (state) => sink.link(state), retry, silenceLimitMs });
      });

      return () => {
        stopped = true;
        closeStream?.();
        if (retryTimer !== null) clearTimeout(retryTimer);
      };
    },
  };
}
