import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { liveEventNames, type LiveFrame } from '@kendali/contracts';
import type { Ingest } from '@kendali/ingest';

export interface LivePluginOptions {
  readonly ingest: Ingest;
  /** Comment line sent when nothing else was, so proxies keep the stream open, in milliseconds. */
  readonly heartbeatMs?: number;
}

const reconnectAfterMs = 2_000; // what the browser waits before reconnecting (SSE `retry:`)

/**
 * `GET /api/live`: server-sent events. The first `frame` is a snapshot of every device; later frames
 * carry what changed, at the live state's bounded rate. A client too slow to take a frame skips
 * frames until its socket drains, then gets a fresh snapshot, so it never holds a stale picture.
 */
export const livePlugin: FastifyPluginAsyncTypebox<LivePluginOptions> = async (app, { ingest, heartbeatMs = 15_000 }) => {
  const streams = new Set<ServerResponse>();
  let clients = 0;
  app.decorate('liveClients', () => clients);

  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  app.get(
    '/api/live',
    {
      schema: {
        summary: 'Live frames (server-sent events named "frame", JSON LiveFrame)',
        tags: ['live'],
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.socket?.setNoDelay(true);
      streams.add(raw);
      clients++;
      let congested = false;
      const send = (frame: LiveFrame): void => {
        if (congested) return;
        const ok = raw.write(`event: ${liveEventNames.frame}\nid: ${frame.seq}\ndata: ${JSON.stringify(frame)}\n\n`);
        if (!ok) {
          congested = true;
          raw.once('drain', () => {
            congested = false;
            send(ingest.live.snapshotFrame());
          });
        }
      };
      raw.write(`retry: ${reconnectAfterMs}\n\n`);
      send(ingest.live.snapshotFrame());
      ingest.live.on('frame', send);
      const heartbeat = setInterval(() => {
        if (!congested) raw.write(': heartbeat\n\n');
      }, heartbeatMs);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        ingest.live.off('frame', send);
        streams.delete(raw);
        clients--;
      });
    },
  );
};

declare module 'fastify' {
  interface FastifyInstance {
    liveClients: () => number;
  }
}
