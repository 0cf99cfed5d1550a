import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { liveEventNames, type LiveFrame } from '@kendali/contracts';
import type { Ingest } from '@kendali/ingest';
import { openSse, type SseStream } from '../sse';

export interface LivePluginOptions {
  readonly ingest: Ingest;
  /** Comment line sent when nothing else was, so proxies keep the stream open, in milliseconds. */
  readonly heartbeatMs?: number;
}

/**
 * `GET /api/live`: server-sent events. The first `frame` is a snapshot of every device; later frames
 * carry what changed, at the live state's bounded rate. A client too slow to take a frame skips
 * frames until its socket drains, then gets a fresh snapshot, so it never holds a stale picture.
 */
export const livePlugin: FastifyPluginAsyncTypebox<LivePluginOptions> = async (app, { ingest, heartbeatMs = 15_000 }) => {
  const streams = new Set<SseStream>();
  app.decorate('liveClients', () => streams.size);
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  app.get(
    '/api/live',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'Live frames (server-sent events named "frame", JSON LiveFrame)',
        tags: ['live'],
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      const stream = openSse(request, reply, heartbeatMs);
      streams.add(stream);
      const send = (frame: LiveFrame) => stream.send(liveEventNames.frame, frame, frame.seq);
      stream.onDrain(() => send(ingest.live.snapshotFrame()));
      send(ingest.live.snapshotFrame());
      ingest.live.on('frame', send);
      stream.onClose(() => {
        ingest.live.off('frame', send);
        streams.delete(stream);
      });
    },
  );
};

declare module 'fastify' {
  interface FastifyInstance {
    liveClients: () => number;
  }
}
