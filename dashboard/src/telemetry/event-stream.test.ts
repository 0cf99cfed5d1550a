import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventStreamEnvironment, StreamConnection } from './event-stream';
import { openEventStream } from './event-stream';
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
  const open = (silenceLimitMs?: number) =>
    openEventStream(
      '/api/live',
      { events: { frame: (data) => frames.push(data) }, link: (state) => links.push(state), retryMs: 5_000, ...(silenceLimitMs === undefined ? {} : { silenceLimitMs }) },
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
    vi.advanceTimersByTime(4_999);
    expect(connections).toHaveLength(1);
    vi.advanceTimersByTime(1);
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
    open(15_000);
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
