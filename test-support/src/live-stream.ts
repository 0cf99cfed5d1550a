import type { LiveFrame } from '@kendali/contracts';
import { testAdminToken } from './api-client';

export interface LiveStream {
  readonly frames: LiveFrame[];
  close(): void;
}

/**
 * Reads `GET /api/live` as the wall does (server-sent events, the token in the query as an
 * EventSource sends it) and hands every frame to `onFrame`, the first being the snapshot of every
 * device. Returns a function that stops reading; a platform that goes away ends it too.
 */
export async function readLiveFrames(httpBase: string, token: string, onFrame: (frame: LiveFrame) => void): Promise<() => void> {
  const controller = new AbortController();
  const response = await fetch(`${httpBase}/api/live?token=${encodeURIComponent(token)}`, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (!response.ok || !response.body) throw new Error(`/api/live answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = event.split('\n');
          if (!lines.includes('event: frame')) continue;
          const data = lines.find((line) => line.startsWith('data: '));
          if (data) onFrame(JSON.parse(data.slice(6)) as LiveFrame);
        }
      }
    } catch {
      // aborted by the caller, or the platform went away: what was read stands
    }
  })();
  return () => controller.abort();
}

/** Reads `GET /api/live` with the test admin token, collecting its frames. */
export async function openLiveStream(httpBase: string): Promise<LiveStream> {
  const frames: LiveFrame[] = [];
  const close = await readLiveFrames(httpBase, testAdminToken, (frame) => frames.push(frame));
  return { frames, close };
}
