import { JsonLineChild } from './json-line-child';
import { LatencyHistogram } from './latency-histogram';
import type { LatencySummary } from './load-protocol';

/** What live-frame-reader.ts prints, one JSON object a line. */
export type LiveFrameMessage =
  | { readonly type: 'ready' }
  /** A frame after the snapshot: when it arrived (ms epoch) and receive time − ts of each reading in it. */
  | { readonly type: 'frame'; readonly receivedMs: number; readonly agesMs: readonly number[]; readonly dropped: number }
  | { readonly type: 'failed'; readonly message: string };

type FrameHeard = Extract<LiveFrameMessage, { type: 'frame' }>;

export interface WallFrameFigures {
  readonly frames: number;
  /** Publish → seen by the /api/live client: receive time − reading ts, every reading of every frame in the window. */
  readonly age: LatencySummary | null;
  /** Readings the server left out of full frames (they come in a later one). */
  readonly dropped: number;
}

const entry = new URL('./live-frame-reader.ts', import.meta.url);
const readyLimitMs = 30_000; // the reader's start (tsx) and the snapshot, on a busy machine

/** A client of `GET /api/live` in its own process (live-frame-reader.ts), its frames kept to be cut by a window. */
export class LiveFrameAges {
  readonly #frames: FrameHeard[] = [];
  readonly #child: JsonLineChild<LiveFrameMessage>;

  private constructor(http: string) {
    this.#child = new JsonLineChild<LiveFrameMessage>(entry, { http });
    this.#child.on('message', (message) => {
      if (message.type === 'frame') this.#frames.push(message);
    });
  }

  /** Resolves once the reader has the snapshot, so the frames after it are all heard. */
  static async start(http: string): Promise<LiveFrameAges> {
    const reader = new LiveFrameAges(http);
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`the /api/live reader had no snapshot within ${readyLimitMs} ms`)), readyLimitMs);
        reader.#child.on('message', (message) => {
          if (message.type === 'ready') resolve();
          if (message.type === 'failed') reject(new Error(`the /api/live reader failed: ${message.message}`));
        });
        void reader.#child.closed.then((exit) => reject(new Error(`the /api/live reader exited (${exit})`)));
      });
    } catch (error) {
      reader.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return reader;
  }

  /** Frames that arrived in [startMs, endMs) (ms epoch). */
  window(startMs: number, endMs: number): WallFrameFigures {
    const ages = new LatencyHistogram();
    let frames = 0;
    let dropped = 0;
    for (const frame of this.#frames) {
      if (frame.receivedMs < startMs || frame.receivedMs >= endMs) continue;
      frames++;
      dropped += frame.dropped;
      for (const ageMs of frame.agesMs) ages.recordMs(ageMs);
    }
    return { frames, age: ages.summary(), dropped };
  }

  stop(): void {
    this.#child.kill();
  }
}
