import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Spool } from './spool';
import { SpoolForwarder, type SinkProblem, type SpoolSink } from './spool-forwarder';

// The InfluxDB sink is tested against a real influxd in tests/influx; this is the forwarder's
// timing of retries, with a sink whose answers the test decides.
class SwitchableSink implements SpoolSink {
  /** 'down': no answer at all; 'failing': an answer that is an error; 'up': writes go through. */
  state: 'down' | 'failing' | 'up' = 'up';
  readonly written: string[] = [];
  writeAttempts = 0;
  probes = 0;

  write(records: readonly Buffer[]): Promise<void> {
    this.writeAttempts++;
    if (this.state !== 'up') return Promise.reject(new Error(this.state));
    this.written.push(...records.map((record) => record.toString()));
    return Promise.resolve();
  }

  probe(): Promise<void> {
    this.probes++;
    return this.state === 'down' ? Promise.reject(new Error('down')) : Promise.resolve();
  }

  quarantine(): Promise<void> {
    return Promise.reject(new Error('nothing is refused for good here'));
  }
}

const describeProblem = (error: unknown): SinkProblem => {
  const down = error instanceof Error && error.message === 'down';
  return { kind: down ? 'unreachable' : 'server', detail: String(error), refused: false, down };
};

let dir: string;
let spool: Spool;
let forwarder: SpoolForwarder | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kendali-forwarder-'));
  spool = await Spool.open({ dir, maxBytes: 1024 * 1024, segmentBytes: 64 * 1024 });
});

afterEach(async () => {
  await forwarder?.stop();
  await spool.close();
  await rm(dir, { recursive: true, force: true });
});

const start = (sink: SpoolSink) => {
  // A retry delay far beyond any wait below: a write that goes through in time did not wait for it.
  forwarder = new SpoolForwarder(spool, sink, { batchRecords: 100, batchBytes: 64 * 1024, retryDelayMs: 600_000, idleProbeMs: 600_000, downProbeMs: 20, describe: describeProblem });
  forwarder.start();
  return forwarder;
};
const records = (count: number) => Array.from({ length: count }, (_, i) => Buffer.from(`reading ${i}`));

describe('SpoolForwarder', () => {
  it('writes as soon as a sink that did not answer answers a probe again, not after the retry delay', async () => {
    const sink = new SwitchableSink();
    sink.state = 'down';
    const running = start(sink);
    await spool.append(records(3));
    await vi.waitFor(() => expect(sink.probes).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    expect(running.health).toMatchObject({ ok: false, state: 'unreachable' });
    expect(sink.written).toEqual([]);
    sink.state = 'up';
    await vi.waitFor(() => expect(sink.written).toEqual(['reading 0', 'reading 1', 'reading 2']), { timeout: 5_000 });
    expect(running.health).toMatchObject({ ok: true });
    expect(running.forwarded).toBe(3);
  });

  it('backs off after a sink that answered with an error, however often it would answer a probe', async () => {
    const sink = new SwitchableSink();
    sink.state = 'failing';
    const running = start(sink);
    await spool.append(records(2));
    await vi.waitFor(() => expect(running.health).toMatchObject({ ok: false, state: 'server' }), { timeout: 5_000 });
    const attempts = sink.writeAttempts;
    sink.state = 'up';
    // Twenty probe periods later, the batch still waits out its back-off.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sink.writeAttempts).toBe(attempts);
    expect(sink.written).toEqual([]);
  });
});
