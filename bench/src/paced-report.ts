import type { LatencySummary } from './load-protocol';
import type { PhaseResult } from './phase-runner';
import { int, ms, table } from './report-table';

/** A paced phase in short: did it keep up, and how old is what a wall sees. */
interface PacedFigures {
  readonly offeredPerSecond: number;
  readonly publishedPerSecond: number;
  readonly storedPerSecond: number;
  readonly storedOverOffered: number;
  readonly window: number;
  readonly puback: LatencySummary | null;
  /** Receive time − reading ts at a client of `GET /api/live` in its own process. */
  readonly wallFrame: LatencySummary | null;
  readonly frames: number;
  readonly dropped: number;
  /** frame.at − reading ts in the platform's process, before the frame is serialised and sent. */
  readonly inProcessFrame: LatencySummary | null;
}

export function pacedFigures(results: readonly PhaseResult[]): PacedFigures[] {
  return results.flatMap(({ pacing, ratePerSecond, pubackLatency, frameLatency }) =>
    pacing
      ? [
          {
            offeredPerSecond: pacing.offeredPerSecond,
            publishedPerSecond: pacing.publishedPerSecond,
            storedPerSecond: ratePerSecond,
            storedOverOffered: ratePerSecond / pacing.offeredPerSecond,
            window: pacing.window,
            puback: pubackLatency,
            wallFrame: pacing.wallFrame.age,
            frames: pacing.wallFrame.frames,
            dropped: pacing.wallFrame.dropped,
            inProcessFrame: frameLatency,
          },
        ]
      : [],
  );
}

const row = (name: string, latency: LatencySummary | null) => [name, int(latency?.count), ms(latency?.p50Ms), ms(latency?.p95Ms), ms(latency?.p99Ms), ms(latency?.maxMs)];

export function pacedLines(results: readonly PhaseResult[], connections: number): string[] {
  return pacedFigures(results).flatMap((paced) => [
    `Publish → wall frame at a paced ${int(paced.offeredPerSecond)} readings/s (QoS1, ${int(connections)} devices, at most ${int(paced.window)} unacknowledged each):`,
    table(
      ['latency, ms', 'count', 'p50', 'p95', 'p99', 'max'],
      [
        row('/api/live client: receive − reading ts', paced.wallFrame),
        row('in process: frame.at − reading ts', paced.inProcessFrame),
        row('publish → PUBACK (= committed)', paced.puback),
      ],
    ),
    `published ${int(paced.publishedPerSecond)}/s and stored ${int(paced.storedPerSecond)}/s in the window: ${(paced.storedOverOffered * 100).toFixed(1)} % of the offered rate stored; ` +
      `${int(paced.frames)} frames heard, ${int(paced.dropped)} readings left out of full frames`,
    '',
  ]);
}
