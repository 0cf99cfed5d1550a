import { api } from './api-client';
import type { LinkState } from './telemetry-source';

export interface EventStreamOptions {
  /** Handlers by event name; each gets the event's data parsed as JSON. */
  readonly events: Readonly<Record<string, (data: unknown) => void>>;
  readonly link: (state: LinkState) => void;
  /** Wait before reopening a stream the browser gave up on, ms. */
  readonly retryMs: number;
}

/**
 * A server-sent-events stream with the page's token in its address (EventSource cannot send an
 * Authorization header). EventSource reconnects by itself after a network error; when the server
 * answers with an error status the browser gives up (readyState CLOSED): then the token is checked
 * (a 401 turns the page to sign-in) and the stream reopened after `retryMs`.
 * Returns a function that closes it for good.
 */
export function openEventStream(path: string, options: EventStreamOptions): () => void {
  let stopped = false;
  let stream: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const open = () => {
    if (stopped) return;
    const current = new EventSource(api.streamUrl(path));
    stream = current;
    current.addEventListener('open', () => options.link('live'));
    for (const [name, handler] of Object.entries(options.events)) {
      current.addEventListener(name, (event: MessageEvent<string>) => {
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
      if (stopped) return;
      options.link('reconnecting');
      if (current.readyState !== EventSource.CLOSED) return;
      current.close();
      // Refused, not dropped: find out whether the token is still good, then try again.
      void api.whoami().catch(() => undefined);
      timer = setTimeout(() => {
        timer = null;
        open();
      }, options.retryMs);
    });
  };

  options.link('connecting');
  open();
  return () => {
    stopped = true;
    stream?.close();
    if (timer !== null) clearTimeout(timer);
  };
}
