import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { statusPayloads, systemClock, type Clock } from '@kendali/contracts';
import { exponentialBackoff } from '../backoff';
import { connectDevice } from '../device-link';
import type { DeviceLink } from '../device-link';
import type { SimulatedDevice } from '../fleet';
import { stopLinks } from '../fleet-stop';
import { derivedRandom } from '../prng';
import type { DeviceCredentials, SimulationCounters, SimulationEvent, SimulationSummary } from '../simulation-types';
import { parseHeader, parseMessage } from './recording-format';
import type { RecordingHeader } from './recording-format';
import { restampPayload } from './restamp';

export interface ReplayOptions {
  readonly url: string;
  readonly file: string;
  /** Playback speed: 2 plays an hour's recording in 30 minutes. */
  readonly speed: number;
  readonly qos?: 0 | 1;
  readonly credentials?: (device: SimulatedDevice) => DeviceCredentials | undefined;
  readonly onEvent?: (event: SimulationEvent) => void;
  /** Keep the recorded timestamps instead of moving them to the time of replay. */
  readonly keepTimestamps?: boolean;
  readonly signal?: AbortSignal;
  /** Real time, which paces the replay and restamps the readings; default the machine's clock. */
  readonly clock?: Clock;
}

export interface Replay {
  readonly header: RecordingHeader;
  stats(): SimulationCounters;
  /** Resolves when the recording has been played (or the signal aborted) and every device stopped. */
  readonly done: Promise<SimulationSummary>;
}

const stopQuietMs = 5_000; // without an acknowledgement
const offlineSettleMs = 2_000;

/** Reads a recording's header, for registering its devices before the replay. */
export async function readRecordingHeader(file: string): Promise<RecordingHeader> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const line of lines) return parseHeader(line);
  } finally {
    lines.close();
  }
  throw new Error(`${file} is empty`);
}

/**
 * Plays a recording back: every recorded device connects as itself, then each message is published
 * at its recorded moment divided by `speed`. Telemetry timestamps move by the time between recording
 * and replay (ingest refuses old ones); a recorded `offline` cuts the device's power (the broker
 * publishes its last will), `online` brings it back. The file is streamed, never held in memory.
 */
export async function startReplay(options: ReplayOptions): Promise<Replay> {
  const header = await readRecordingHeader(options.file);
  const counters: SimulationCounters = { connected: 0, sent: 0, acknowledged: 0, failed: 0, rejected: 0, reconnects: 0 };
  const links = new Map<string, Promise<DeviceLink>>();
  const known = new Map(header.devices.map((device) => [device.id, device]));
  const linkFor = (deviceId: string): Promise<DeviceLink> => {
    let link = links.get(deviceId);
    if (!link) {
      const device = known.get(deviceId) ?? { id: deviceId, kind: 'air-quality', name: deviceId, district: '', lat: 0, lon: 0 };
      link = connectDevice({
        url: options.url,
        device,
        credentials: options.credentials?.(device),
        qos: options.qos ?? 1,
        counters,
        onEvent: options.onEvent ?? (() => undefined),
        connectTimeoutMs: 10_000,
        backoff: exponentialBackoff({ initialMs: 1_000, maxMs: 60_000, random: derivedRandom(1, `backoff:${deviceId}`) }),
        maxBufferedMessages: 100,
        tap: undefined,
        signal: options.signal,
      });
      links.set(deviceId, link);
    }
    return link;
  };
  // Connect the recorded fleet up front, so the replay starts on time.
  await Promise.all([...known.keys()].map(linkFor));

  const clock = options.clock ?? systemClock;
  const recordedStartMs = Date.parse(header.startedAt);
  const startedMs = clock.now();
  const queues = new Map<string, Promise<void>>();
  const play = async (): Promise<void> => {
    const lines = createInterface({ input: createReadStream(options.file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (lineNumber === 1 || line.trim() === '') continue;
      if (options.signal?.aborted) break;
      const message = parseMessage(line, lineNumber);
      const dueMs = startedMs + message.offsetMs / options.speed;
      const nowMs = clock.now();
      if (dueMs > nowMs) await sleep(dueMs - nowMs, options.signal);
      const shiftMs = options.keepTimestamps ? 0 : clock.now() - (recordedStartMs + message.offsetMs);
      // Each device acts on its messages in order; the loop goes on to the other devices meanwhile.
      const previous = queues.get(message.deviceId) ?? linkFor(message.deviceId).then(() => undefined);
      const next = previous.then(async () => {
        const link = await linkFor(message.deviceId);
        if (message.channel === 'telemetry') return link.publishTelemetry(restampPayload(message.payload, shiftMs));
        if (message.payload === statusPayloads.offline) {
          // What was sent before going offline was acknowledged when recorded: let it be again.
          await link.idle(offlineSettleMs);
          link.powerCut();
        } else if (message.payload === statusPayloads.online && !link.powered) link.powerOn(0);
      });
      next.catch(() => undefined); // surfaced by the Promise.all below; not an unhandled rejection meanwhile
      queues.set(message.deviceId, next);
    }
    await Promise.all(queues.values());
  };
  const done = (async (): Promise<SimulationSummary> => {
    try {
      await play();
    } finally {
      const settled = await Promise.allSettled(links.values());
      await stopLinks(
        settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
        counters,
        stopQuietMs,
      );
    }
    const elapsedMs = clock.now() - startedMs;
    const { connected: _connected, ...totals } = counters;
    return {
      devices: links.size,
      elapsedMs,
      connectMs: 0,
      ...totals,
      acknowledgedPerSecond: elapsedMs > 0 ? Math.round((totals.acknowledged / elapsedMs) * 10_000) / 10 : 0,
    };
  })();
  return { header, stats: () => ({ ...counters }), done };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
