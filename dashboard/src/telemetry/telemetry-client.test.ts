import type { LiveFrame } from '@kendali/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTelemetryClient } from './telemetry-client';
import type { TelemetrySink, TelemetrySource } from './telemetry-source';

/** A fixture source: hands its sink to the test, which plays the server. */
function fixtureSource() {
  const handle = { sink: null as TelemetrySink | null, starts: 0, stops: 0 };
  const source: TelemetrySource = {
    start(sink) {
      handle.sink = sink;
      handle.starts += 1;
      return () => {
        handle.stops += 1;
      };
    },
  };
  return { source, handle };
}

const frame = (seq: number): LiveFrame => ({
  seq,
  at: 1_000 * seq,
  stats: { devicesTotal: 1, devicesOnline: 1, readingsPerSecond: seq, messagesPerSecond: seq, rejectedTotal: 0, storedTotal: seq, alarms: { critical: 0, major: 0, minor: 0, warning: 0 }, storage: { ok: true, detail: '', backlogReadings: 0 } },
  readings: [],
  statuses: [],
  alarms: [],
  dropped: 0,
});

afterEach(() => vi.useRealTimers());

describe('telemetry client', () => {
  it('starts the source with the first subscriber and notifies on frames and link changes', () => {
    const { source, handle } = fixtureSource();
    const client = createTelemetryClient(source, { now: () => 0 });
    const listener = vi.fn();
    client.subscribe(listener);
    expect(handle.starts).toBe(1);

    handle.sink?.link('live');
    handle.sink?.frame(frame(1));
    expect(client.getSnapshot().link).toBe('live');
    expect(client.getSnapshot().live.stats?.storedTotal).toBe(1);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('counts kind changes: one announced, and a stream reopened after a break (an announcement may have been missed)', () => {
    const { source, handle } = fixtureSource();
    const client = createTelemetryClient(source);
    client.subscribe(() => {});
    handle.sink?.link('live');
    expect(client.getSnapshot().kindChanges).toBe(0);
    handle.sink?.kindChanged({ kind: 'noise-level', version: 1 });
    expect(client.getSnapshot().kindChanges).toBe(1);
    handle.sink?.frame(frame(1));
    expect(client.getSnapshot().kindChanges).toBe(1);
    handle.sink?.link('reconnecting');
    handle.sink?.link('live');
    expect(client.getSnapshot().kindChanges).toBe(2);
  });

  it('accepts a restarted server’s sequence after the connection reopens', () => {
    const { source, handle } = fixtureSource();
    const client = createTelemetryClient(source);
    client.subscribe(() => {});
    handle.sink?.link('live');
    handle.sink?.frame(frame(50));
    handle.sink?.link('reconnecting');
    handle.sink?.frame(frame(2)); // a late frame of the old connection: out of order
    expect(client.getSnapshot().live.lastSeq).toBe(50);
    handle.sink?.link('live');
    handle.sink?.frame(frame(1));
    expect(client.getSnapshot().live.lastSeq).toBe(1);
  });

  it('keeps the source through an immediate resubscribe and stops it once idle', () => {
    vi.useFakeTimers();
    const { source, handle } = fixtureSource();
    const client = createTelemetryClient(source, { idleStopMs: 1_000 });
    client.subscribe(() => {})();
    const unsubscribe = client.subscribe(() => {});
    vi.advanceTimersByTime(5_000);
    expect(handle).toMatchObject({ starts: 1, stops: 0 });
    unsubscribe();
    vi.advanceTimersByTime(1_000);
    expect(handle).toMatchObject({ starts: 1, stops: 1 });
  });
});
