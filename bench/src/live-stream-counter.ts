import { readLiveFrames } from '@kendali/test-support';

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
  const readingsByKind = new Map<string, number>();
  let sinceMs: number | null = null;
  let frames = 0;
  let seen = 0;
  let dropped = 0;
  const stop = await readLiveFrames(http, token, (frame) => {
    if (seen++ === 0) return; // the snapshot
    sinceMs ??= Date.now();
    frames++;
    dropped += frame.dropped;
    for (const reading of frame.readings) readingsByKind.set(reading.kind, (readingsByKind.get(reading.kind) ?? 0) + 1);
  });
  return {
    counts: () => ({ sinceMs, frames, readingsByKind: new Map(readingsByKind), dropped }),
    stop,
  };
}
