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

/** A sink whose writes wait until the test settles them, to see how many the forwarder keeps on their way. */
class HeldSink implements SpoolSink {
  readonly writes: { readonly first: string; readonly settle: (error?: Error) => void }[] = [];

  write(records: readonly Buffer[]): Promise<void> {
    return new Promise((resolve, reject) => this.writes.push({ first: String(records[0]), settle: (error) => (error ? reject(error) : resolve()) }));
  }

  probe(): Promise<void> {
    return Promise.resolve();
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
let held: HeldSink | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kendali-forwarder-'));
  spool = await Spool.open({ dir, maxBytes: 1024 * 1024, segmentBytes: 64 * 1024 });
});

afterEach(async () => {
  // A write left waiting by a failed test would keep the forwarder from stopping.
  for (const write of held?.writes ?? []) write.settle(new Error('test over'));
  held = undefined;
  await forwarder?.stop();
  await spool.close();
  await rm(dir, { recursive: true, force: true });
});

const start = (sink: SpoolSink) => {
  // A retry delay far beyond any wait below: a write that goes through in time did not wait for it.
  forwarder = new SpoolForwarder(spool, sink, { batchRecords: 100, batchBytes: 64 * 1024, maxInFlight: 2, retryDelayMs: 600_000, idleProbeMs: 600_000, downProbeMs: 20, describe: describeProblem });
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
    await vi.waitFor(() => expect(running.forwarded).toBe(3), { timeout: 5_000 });
    expect(running.health).toMatchObject({ ok: true });
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

  it('keeps two batches on their way to a healthy sink and acknowledges them in spool order', async () => {
    const sink = (held = new HeldSink());
    const running = start(sink);
    await spool.append(records(250)); // three batches of at most 100
    await vi.waitFor(() => expect(sink.writes.map((write) => write.first)).toEqual(['reading 0', 'reading 100']), { timeout: 5_000 });
    sink.writes[1]?.settle();
    // Time for a forwarder that acknowledged out of order, or sent a third batch, to do so.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running.forwarded).toBe(0);
    expect(sink.writes).toHaveLength(2);
    sink.writes[0]?.settle();
    await vi.waitFor(() => expect(running.forwarded).toBe(200), { timeout: 5_000 });
    await vi.waitFor(() => expect(sink.writes[2]?.first).toBe('reading 200'), { timeout: 5_000 });
    sink.writes[2]?.settle();
    await vi.waitFor(() => expect(running.forwarded).toBe(250), { timeout: 5_000 });
  });

  it('after a failed write sends one batch at a time, oldest first, until the sink is back', async () => {
    const sink = (held = new HeldSink());
    const healthStates: string[] = [];
    const running = start(sink);
    running.on('health', (health) => healthStates.push(health.state));
    await spool.append(records(250));
    await vi.waitFor(() => expect(sink.writes).toHaveLength(2), { timeout: 5_000 });
    sink.writes[0]?.settle(new Error('down'));
    sink.writes[1]?.settle(new Error('down'));
    await vi.waitFor(() => expect(sink.writes[2]?.first).toBe('reading 0'), { timeout: 5_000 });
    // The probe answered, so the oldest batch goes again; the one behind it waits its turn.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.writes).toHaveLength(3);
    sink.writes[2]?.settle();
    // Back to two on their way: the second batch again (its failure predates the recovery) and the third.
    await vi.waitFor(() => expect(sink.writes.slice(3).map((write) => write.first).sort()).toEqual(['reading 100', 'reading 200']), { timeout: 5_000 });
    expect(running.forwarded).toBe(100);
    for (const write of sink.writes.slice(3)) write.settle();
    await vi.waitFor(() => expect(running.forwarded).toBe(250), { timeout: 5_000 });
    expect(running.failedAttempts).toBe(2);
    // One outage, one recovery: the second batch's old failure did not report the sink down again.
    expect(healthStates).toEqual(['ok', 'unreachable', 'ok']);
  });
});
