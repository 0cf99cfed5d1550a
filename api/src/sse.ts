import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SseStream {
  /**
   * Writes one event, unless the client is so far behind that its unsent bytes exceed the bound;
   * then the event is dropped and false returned.
   */
  send(event: string, data: unknown, id?: number): boolean;
  /** True once an event was dropped and the client has not been resynchronised since. */
  readonly behind: boolean;
  /** Marks the client as resynchronised (after it was sent a full snapshot). */
  caughtUp(): void;
  /** Runs once the client is gone. */
  onClose(listener: () => void): void;
  end(): void;
}

const reconnectAfterMs = 2_000; // what the browser waits before reconnecting (SSE `retry:`)
/**
 * Unsent bytes a client may have queued before events are dropped: generous (a snapshot of
 * 10,000 devices is ~2 MiB), because a write that merely fills the socket buffer loses nothing.
 */
const maxQueuedBytes = 8 * 1024 * 1024; // 8 MiB

/** The OpenAPI answer of a route that streams server-sent events. */
export const eventStream = (description: string) => ({ description, content: { 'text/event-stream': { schema: { type: 'string' } } } });

/** Turns a reply into a server-sent-events stream (text/event-stream), with heartbeats. */
export function openSse(request: FastifyRequest, reply: FastifyReply, heartbeatMs: number): SseStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.socket?.setNoDelay(true);
  raw.write(`retry: ${reconnectAfterMs}\n\n`);
  let behind = false;
  const heartbeat = setInterval(() => {
    if (raw.writableLength === 0) raw.write(': heartbeat\n\n');
  }, heartbeatMs);
  request.raw.on('close', () => clearInterval(heartbeat));
  // A stream outlives its request's check: it ends once its credential is revoked or expires.
  if (request.server.hasDecorator('followCredential')) request.server.followCredential(request, () => raw.end());
  return {
    send(event, data, id) {
      if (raw.writableLength > maxQueuedBytes) {
        behind = true;
        return false;
      }
      raw.write(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
      return true;
    },
    get behind() {
      return behind;
    },
    caughtUp: () => {
      behind = false;
    },
    onClose: (listener) => request.raw.on('close', listener),
    end: () => raw.end(),
  };
}
