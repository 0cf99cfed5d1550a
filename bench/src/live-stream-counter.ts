import type { LiveFrame } from '@kendali/contracts';

export interface LiveCounts {
  /** When counting started: the first frame after the snapshot, ms epoch. */
  readonly sinceMs: number | null;
  readonly frames: number;
  /** Readings carried by frames, by device kind: what a wall chart is fed. */
  readonly readingsByKind: ReadonlyMap<string, number>;
  /** Readings the server left out of full frames (they arrive in a later frame). */
  readonly dropped: number;
}

export interface LiveStreamCounter {
  counts(): LiveCounts;
  stop(): void;
}

/**
 * Reads `GET /api/live` the way the wall does and counts the readings its frames carry, by kind.
 * The first frame is the snapshot of every device and is not counted. A second live client costs
 * the server a little; the browser's side is not touched.
 */
export async function countLiveStream(http: string, token: string): Promise<LiveStreamCounter> {
  const controller = new AbortController();
  const response = await fetch(`${http}/api/live`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (!response.ok || response.body === null) throw new Error(`GET /api/live answered ${response.status}`);
  const readingsByKind = new Map<string, number>();
  let sinceMs: number | null = null;
  let frames = 0;
  let seen = 0;
  let dropped = 0;
  const onEvent = (event: string) => {
    const data = event.split('\n').find((line) => line.startsWith('data: '));
    if (!event.startsWith('event: frame') || data === undefined) return;
    if (seen++ === 0) return; // the snapshot
    const frame = JSON.parse(data.slice('data: '.length)) as LiveFrame;
    sinceMs ??= Date.now();
    frames++;
    dropped += frame.dropped;
    for (const reading of frame.readings) readingsByKind.set(reading.kind, (readingsByKind.get(reading.kind) ?? 0) + 1);
  };
  const reader = response.body.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffered += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) !== -1) {
          onEvent(buffered.slice(0, end));
          buffered = buffered.slice(end + 2);
        }
      }
    } catch {
      // aborted by stop(), or the platform went away: the counts so far stand
    }
  })();
  return {
    counts: () => ({ sinceMs, frames, readingsByKind: new Map(readingsByKind), dropped }),
    stop: () => controller.abort(),
  };
}
