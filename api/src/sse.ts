import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SseStream {
  /** Writes one event; returns false while the client is not keeping up (the event was dropped). */
  send(event: string, data: unknown, id?: number): boolean;
  /** Runs once the client is gone. */
  onClose(listener: () => void): void;
  /** Runs when a congested client has caught up again. */
  onDrain(listener: () => void): void;
  end(): void;
}

const reconnectAfterMs = 2_000; // what the browser waits before reconnecting (SSE `retry:`)

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
  let congested = false;
  const drainListeners: (() => void)[] = [];
  raw.on('drain', () => {
    if (!congested) return;
    congested = false;
    for (const listener of drainListeners) listener();
  });
  const heartbeat = setInterval(() => {
    if (!congested) raw.write(': heartbeat\n\n');
  }, heartbeatMs);
  request.raw.on('close', () => clearInterval(heartbeat));
  return {
    send(event, data, id) {
      if (congested) return false;
      const ok = raw.write(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
      if (!ok) congested = true;
      return true;
    },
    onClose: (listener) => request.raw.on('close', listener),
    onDrain: (listener) => drainListeners.push(listener),
    end: () => raw.end(),
  };
}
