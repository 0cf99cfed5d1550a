import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { liveEventNames, type LiveFrame } from '@kendali/contracts';
import type { LiveState } from '@kendali/ingest';
import { eventStream, openSse, type SseStream } from '../sse';

export interface LivePluginOptions {
  readonly live: Pick<LiveState, 'snapshotFrame' | 'on' | 'off'>;
  /** Comment line sent when nothing else was, so proxies keep the stream open, in milliseconds. */
  readonly heartbeatMs?: number;
  /** Told the number of open streams whenever it changes (the metrics plugin reports it). */
  readonly onClientCount?: (open: number) => void;
}

/**
 * `GET /api/live`: server-sent events. The first `frame` is a snapshot of every device, with the
 * wall's 10-minute trend (`trend`) so charts are full at once; later frames carry what changed, at
 * the live state's bounded rate. A client so slow that frames had to be
 * dropped gets a fresh snapshot once it has caught up, so it never holds a stale picture.
 */
export const livePlugin: FastifyPluginAsyncTypebox<LivePluginOptions> = async (app, { live, heartbeatMs = 15_000, onClientCount }) => {
  const streams = new Set<SseStream>();
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
        response: { 200: eventStream('Events named "frame", each a JSON LiveFrame') },
      },
    },
    (request, reply) => {
      const stream = openSse(request, reply, heartbeatMs);
      streams.add(stream);
      onClientCount?.(streams.size);
      const send = (frame: LiveFrame) => {
        const next = stream.behind ? live.snapshotFrame() : frame;
        if (stream.send(liveEventNames.frame, next, next.seq) && next !== frame) stream.caughtUp();
      };
      const snapshot = live.snapshotFrame();
      stream.send(liveEventNames.frame, snapshot, snapshot.seq);
      live.on('frame', send);
      stream.onClose(() => {
        live.off('frame', send);
        streams.delete(stream);
        onClientCount?.(streams.size);
      });
    },
  );
};
