import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventStreamEnvironment, StreamConnection } from './event-stream';
import { openEventStream } from './event-stream';
import { liveRetryBackoff, type RetryBackoff } from './retry-schedule';
import type { LinkState } from './telemetry-source';

/** A connection the test answers for, as the browser's EventSource would. */
class FakeConnection implements StreamConnection {
  readyState = 0; // CONNECTING
  closed = false;
  readonly #listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  /** What the browser does when the server answers, sends an event, or the connection fails. */
  emit(type: string, data = '', readyState = this.readyState): void {
    this.readyState = readyState;
    for (const listener of this.#listeners.get(type) ?? []) listener({ data } as MessageEvent<string>);
  }
}

describe('event stream', () => {
  let connections: FakeConnection[];
  let links: LinkState[];
  let frames: unknown[];
  let tokenChecks: number;
  let environment: EventStreamEnvironment;
  const open = (silenceLimitMs?: number, retry: RetryBackoff = liveRetryBackoff) =>
    openEventStream(
      '/api/live',
      { events: { frame: (data) => frames.push(data) }, link: (state) => links.push(state), retry, ...(silenceLimitMs === undefined ? {} : { silenceLimitMs }) },
      environment,
    );
  const latest = () => connections.at(-1)!;

  beforeEach(() => {
    vi.useFakeTimers();
    connections = [];
    links = [];
    frames = [];
    tokenChecks = 0;
    environment = {
      connect: (url) => {
        const connection = new FakeConnection(url);
        connections.push(connection);
        return connection;
      },
      url: (path) => `${path}?token=kdl_x`,
      checkToken: () => void (tokenChecks += 1),
      now: () => Date.now(),
      random: () => 0, // no jitter: the waits are the schedule's own
    };
  });
  afterEach(() => vi.useRealTimers());

  it('reports live on open and hands over parsed events', () => {
    const close = open();
    expect(latest().url).toBe('/api/live?token=kdl_x');
    latest().emit('open', '', 1);
    latest().emit('frame', '{"seq":1}');
    expect(links).toEqual(['connecting', 'live']);
    expect(frames).toEqual([{ seq: 1 }]);
    close();
    expect(latest().closed).toBe(true);
  });

  it('leaves a dropped connection to the browser, which retries it by itself', () => {
    open();
    latest().emit('open', '', 1);
    latest().emit('error', '', 0); // network error: EventSource is CONNECTING again
    vi.advanceTimersByTime(60_000);
    expect(connections).toHaveLength(1);
    expect(links.at(-1)).toBe('reconnecting');
    latest().emit('open', '', 1);
    expect(links.at(-1)).toBe('live');
  });

  it('checks the token and reopens a stream the browser gave up on', () => {
    open();
    latest().emit('error', '', 2); // e.g. a 502 from a proxy while the server restarts
    expect(tokenChecks).toBe(1);
    vi.advanceTimersByTime(499);
    expect(connections).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(connections).toHaveLength(2);
  });

  it('waits longer while refusals go on, up to 5 s, and soon again once events flow', () => {
    open();
    const waitsMs: number[] = [];
    for (let refusal = 0; refusal < 6; refusal += 1) {
      const before = connections.length;
      latest().emit('error', '', 2);
      let waitedMs = 0;
      while (connections.length === before) {
        vi.advanceTimersByTime(100);
        waitedMs += 100;
      }
      waitsMs.push(waitedMs);
    }
    expect(waitsMs).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(tokenChecks).toBe(6);

    // Back: an event arrives, and the next refusal is a new blip.
    latest().emit('open', '', 1);
    latest().emit('frame', '{"seq":1}');
    latest().emit('error', '', 2);
    vi.advanceTimersByTime(499);
    expect(connections).toHaveLength(7);
    vi.advanceTimersByTime(1);
    expect(connections).toHaveLength(8);
  });

  it('shortens each wait by at most a fifth at random', () => {
    environment = { ...environment, random: () => 0.999 };
    open();
    latest().emit('error', '', 2);
    vi.advanceTimersByTime(399);
    expect(connections).toHaveLength(1);
    vi.advanceTimersByTime(1); // 500 ms × (1 - 0.2 × 0.999) ≈ 400 ms
    expect(connections).toHaveLength(2);
  });

  it('takes a connection that went quiet for dead, says so, and reopens it', () => {
    open(15_000);
    const first = latest();
    first.emit('open', '', 1);
    for (let i = 0; i < 10; i += 1) {
      vi.advanceTimersByTime(1_000);
      first.emit('frame', `{"seq":${i}}`);
    }
    expect(connections).toHaveLength(1); // events keep it alive
    // A server that stopped answering without closing anything: found within a quarter of the limit more.
    vi.advanceTimersByTime(15_000 + 3_750);
    expect(first.closed).toBe(true);
    expect(links.at(-1)).toBe('reconnecting');
    expect(connections).toHaveLength(2);

    first.emit('frame', '{"seq":"late"}'); // whatever the old connection still delivers is ignored
    expect(frames).not.toContainEqual({ seq: 'late' });
    vi.advanceTimersByTime(15_000 + 3_750); // still hung: the new attempt hears nothing either
    expect(connections).toHaveLength(3);
    latest().emit('open', '', 1);
    expect(links.at(-1)).toBe('live');
  });

  it('waits for a refused stream’s retry instead of reopening it twice', () => {
    // The retry's wait (5 s) outlasts the silence limit (1 s): the watchdog must leave it be.
    open(1_000, { firstMs: 5_000, mostMs: 5_000 });
    latest().emit('error', '', 2);
    vi.advanceTimersByTime(4_000);
    expect(connections).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(connections).toHaveLength(2);
  });

  it('stops for good when closed', () => {
    const close = open(15_000);
    close();
    vi.advanceTimersByTime(60_000);
    expect(connections).toHaveLength(1);
  });
});
