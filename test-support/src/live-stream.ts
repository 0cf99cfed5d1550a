import type { LiveFrame } from '@kendali/contracts';
import { testAdminToken } from './api-client';

export interface LiveStream {
  readonly frames: LiveFrame[];
  close(): void;
}

/** Reads `GET /api/live` as a browser would (server-sent events), collecting its frames. */
export async function openLiveStream(httpBase: string): Promise<LiveStream> {
  const controller = new AbortController();
  const response = await fetch(`${httpBase}/api/live?token=${testAdminToken}`, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (!response.ok || !response.body) throw new Error(`/api/live answered ${response.status}`);
  const frames: LiveFrame[] = [];
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
          if (data) frames.push(JSON.parse(data.slice(6)) as LiveFrame);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return { frames, close: () => controller.abort() };
}
