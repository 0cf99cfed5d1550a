import { systemClock } from '@kendali/contracts';
import { api } from './api-client';
import { createRetrySchedule, type RetryBackoff } from './retry-schedule';
import type { LinkState } from './telemetry-source';

export interface EventStreamOptions {
  /** Handlers by event name; each gets the event's data parsed as JSON. */
  readonly events: Readonly<Record<string, (data: unknown) => void>>;
  readonly link: (state: LinkState) => void;
  /** Waits before reopening a stream the browser gave up on: short after a blip, longer while refusals go on; back to the first once an event arrives. */
  readonly retry: RetryBackoff;
  /**
   * For a stream whose server sends events steadily (live frames come at 4 Hz even when nothing
   * changed): after this long without one, ms, the connection is taken for dead and reopened.
   * A server host that lost power, a cut network or a hung process closes nothing, and
   * EventSource would wait on such a connection forever while the page claimed to be live.
   */
  readonly silenceLimitMs?: number;
}

/** The part of EventSource a stream uses. */
export interface StreamConnection {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

/** What a stream needs from the page; replaced in tests. */
export interface EventStreamEnvironment {
  /** Opens a connection to an address (the browser's EventSource). */
  readonly connect: (url: string) => StreamConnection;
  /** The stream's address with the page's token. */
  readonly url: (path: string) => string;
  /** Asks whether the page's token is still good (a 401 turns the page to sign-in). */
  readonly checkToken: () => void;
  readonly now: () => number;
  /** A number in [0, 1) that shortens each retry a little (see retry-schedule.ts). */
  readonly random: () => number;
}

const browserEnvironment: EventStreamEnvironment = {
  connect: (url) => new EventSource(url),
  url: (path) => api.streamUrl(path),
  checkToken: () => void api.whoami().catch(() => undefined),
  now: () => systemClock.now(),
  random: () => Math.random(),
};

const closedState = 2; // EventSource.CLOSED: the browser gave up and will not retry

/**
 * A server-sent-events stream with the page's token in its address (EventSource cannot send an
 * Authorization header). EventSource reconnects by itself after a network error; when the server
 * answers with an error status the browser gives up (readyState CLOSED): then the token is checked
 * (a 401 turns the page to sign-in) and the stream reopened after the next wait of `retry`. With
 * `silenceLimitMs`, a connection that went quiet is reopened too.
 * Returns a function that closes it for good.
 */
export function openEventStream(path: string, options: EventStreamOptions, environment: EventStreamEnvironment = browserEnvironment): () => void {
  const { connect, url, checkToken, now } = environment;
  const retry = createRetrySchedule(options.retry, environment.random);
  let stopped = false;
  let stream: StreamConnection | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let heardAt = 0;

  const open = () => {
    if (stopped) return;
    const current = connect(url(path));
    stream = current;
    heardAt = now();
    current.addEventListener('open', () => {
      if (stream !== current) return;
      heardAt = now();
      options.link('live');
    });
    for (const [name, handler] of Object.entries(options.events)) {
      current.addEventListener(name, (event) => {
        if (stream !== current) return;
        heardAt = now();
        // The server is back: the next refusal is a new blip, retried soon.
        retry.reset();
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          console.warn(`Kendali: "${name}" event of ${path} is not JSON; ignored`);
          return;
        }
        handler(data);
      });
    }
    current.addEventListener('error', () => {
      if (stopped || stream !== current) return;
      options.link('reconnecting');
      if (current.readyState !== closedState) return;
      current.close();
      // Refused, not dropped: find out whether the token is still good, then try again.
      checkToken();
      retryTimer = setTimeout(() => {
        retryTimer = null;
        open();
      }, retry.next());
    });
  };

  const { silenceLimitMs } = options;
  const watchdog =
    silenceLimitMs === undefined
      ? null
      : setInterval(
          () => {
            if (stopped || retryTimer !== null || stream === null || now() - heardAt < silenceLimitMs) return;
            stream.close();
            options.link('reconnecting');
            open();
          },
          Math.max(250, silenceLimitMs / 4),
        );

  options.link('connecting');
  open();
  return () => {
    stopped = true;
    stream?.close();
    if (retryTimer !== null) clearTimeout(retryTimer);
    if (watchdog !== null) clearInterval(watchdog);
  };
}
