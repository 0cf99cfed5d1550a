import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDeviceTopic } from '@kendali/contracts';
import { buildFleet } from '../fleet';
import { startSimulation } from '../simulation';
import { startRealBroker } from '../testing/real-broker';
import type { RealBroker } from '../testing/real-broker';
import { observeLiveStream } from './observer';
import { parseHeader, parseMessage } from './recording-format';
import { startReplay } from './replay';
import { openRecorder } from './stream-recorder';

let running: RealBroker | undefined;
let dir: string | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('record and replay', () => {
  it('records what the fleet publishes and plays it back faster, with timestamps moved to the replay', async () => {
    running = await startRealBroker();
    dir = await mkdtemp(join(tmpdir(), 'kendali-recording-'));
    const file = join(dir, 'drill.jsonl');
    const fleet = buildFleet({ devices: 3, seed: 1 });
    const recorder = await openRecorder(file, { source: 'fleet', devices: fleet });
    const simulation = await startSimulation({ url: running.url, fleet, ratePerDeviceHz: 5, durationMs: 1_000, tap: recorder.record });
    const recorded = await simulation.done;
    await recorder.close();

    const [headerLine, ...lines] = (await readFile(file, 'utf8')).trim().split('\n');
    expect(parseHeader(headerLine ?? '')).toMatchObject({ kendaliRecording: 1, source: 'fleet', devices: fleet });
    const messages = lines.map((line, index) => parseMessage(line, index + 2));
    expect(messages.filter((message) => message.channel === 'telemetry')).toHaveLength(recorded.sent);
    expect(messages.filter((message) => message.channel === 'status').map((message) => message.payload)).toEqual([
      ...fleet.map(() => 'online'),
      ...fleet.map(() => 'offline'),
    ]);

    const replayed: { deviceId: string; ts: number }[] = [];
    running.broker.on('publish', (packet, client) => {
      const topic = parseDeviceTopic(packet.topic);
      if (client && topic?.channel === 'telemetry') replayed.push({ deviceId: topic.deviceId, ts: (JSON.parse(packet.payload.toString()) as { ts: number }).ts });
    });
    const startedMs = Date.now();
    const replay = await startReplay({ url: running.url, file, speed: 4 });
    const summary = await replay.done;
    // At ×4 the replay keeps the recording's pace, a quarter as long: never faster (a slow machine may lag).
    const recordedSpanMs = messages.at(-1)!.offsetMs - messages[0]!.offsetMs;
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(recordedSpanMs / 4 - 20);
    expect(summary).toMatchObject({ devices: 3, sent: recorded.sent, acknowledged: recorded.sent, failed: 0 });
    expect(replayed).toHaveLength(recorded.sent);
    for (const message of replayed) expect(message.ts).toBeGreaterThanOrEqual(startedMs - 50);
  });

  it('records the broker’s live stream as an observer', async () => {
    running = await startRealBroker();
    const seen: string[] = [];
    const observer = await observeLiveStream({ url: running.url, token: 'any token', onMessage: (deviceId, channel) => seen.push(`${deviceId} ${channel}`) });
    const simulation = await startSimulation({ url: running.url, fleet: buildFleet({ devices: 2 }), ratePerDeviceHz: 10, durationMs: 300 });
    const summary = await simulation.done;
    await vi.waitFor(() => expect(seen.filter((line) => line.endsWith('telemetry'))).toHaveLength(summary.sent));
    expect(seen).toContain('sl-tangerang-001 status');
    await observer.stop();
  });
});
