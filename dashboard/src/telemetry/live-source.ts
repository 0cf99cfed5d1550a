import type { DeviceStatus, LiveFrame } from '@kendali/contracts';
import { liveEventNames } from '@kendali/contracts';
import type { TelemetrySink, TelemetrySource } from './telemetry-source';

export interface LiveSourceOptions {
  /** Device list, JSON array of DeviceStatus. */
  readonly devicesUrl?: string;
  /** Server-sent events; each `frame` event carries one JSON LiveFrame. */
  readonly liveUrl?: string;
  /** Wait before retrying a failed device list or a stream the browser gave up on, ms. */
  readonly retryMs?: number;
}

const defaults = {
  devicesUrl: '/api/devices',
  liveUrl: '/api/live',
  retryMs: 5_000, // 5 seconds
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
 * The API as a telemetry source: loads the device list once, then follows the live stream.
 * EventSource reconnects by itself after a network error; when the server answers with an
 * error status the browser gives up (readyState CLOSED), and this source opens a new one.
 */
export function createLiveSource(options: LiveSourceOptions = {}): TelemetrySource {
  const { devicesUrl, liveUrl, retryMs } = { ...defaults, ...options };

  return {
    start(sink: TelemetrySink) {
      let stopped = false;
      let events: EventSource | null = null;
      const timers = new Set<ReturnType<typeof setTimeout>>();
      const later = (fn: () => void) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!stopped) fn();
        }, retryMs);
        timers.add(timer);
      };

      const loadDevices = async (): Promise<void> => {
        try {
          const response = await fetch(devicesUrl, { headers: { accept: 'application/json' } });
          if (!response.ok) throw new Error(`${devicesUrl} answered ${response.status}`);
          const list = (await response.json()) as unknown;
          if (!Array.isArray(list)) throw new Error(`${devicesUrl} did not return an array`);
          if (!stopped) sink.devices(list as DeviceStatus[]);
        } catch (error) {
          // The wall still shows what the stream brings; names and districts follow on retry.
          console.warn('Kendali: device list not loaded, retrying', error);
          later(() => void loadDevices());
        }
      };

      const onFrame = (event: MessageEvent<string>) => {
        let frame: unknown;
        try {
          frame = JSON.parse(event.data);
        } catch {
          console.warn('Kendali: live frame is not JSON; ignored');
          return;
        }
        if (looksLikeFrame(frame)) sink.frame(frame);
        else console.warn('Kendali: live frame has an unexpected shape; ignored');
      };

      const openStream = () => {
        const stream = new EventSource(liveUrl);
        events = stream;
        stream.addEventListener('open', () => sink.link('live'));
        stream.addEventListener(liveEventNames.frame, onFrame);
        stream.addEventListener('error', () => {
          sink.link('reconnecting');
          if (stream.readyState === EventSource.CLOSED) {
            stream.close();
            later(openStream);
          }
        });
      };

      sink.link('connecting');
      void loadDevices().finally(() => {
        if (!stopped) openStream();
      });

      return () => {
        stopped = true;
        events?.close();
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
      };
    },
  };
}
