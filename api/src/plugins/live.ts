import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { liveEventNames, type DeviceKindSpec, type KindChange, type LiveFrame } from '@kendali/contracts';
import type { LiveState, ProfileCatalogue } from '@kendali/ingest';
import { eventStream, openSse, type SseStream } from '../sse';

export interface LivePluginOptions {
  readonly live: Pick<LiveState, 'snapshotFrame' | 'on' | 'off'>;
  /** The kinds' profiles: each new version is announced on the stream as a `kinds` event. */
  readonly kinds?: Pick<ProfileCatalogue, 'on' | 'off'>;
  /** Comment line sent when nothing else was, so proxies keep the stream open, in milliseconds. */
  readonly heartbeatMs?: number;
  /** Told the number of open streams whenever it changes (the metrics plugin reports it). */
  readonly onClientCount?: (open: number) => void;
}

/**
 * `GET /api/live`: server-sent events. The first `frame` is a snapshot of every device, with the
 * wall's 10-minute trend (`trend`) so charts are full at once; later frames carry what changed, at
 * the live state's bounded rate. A client so slow that frames had to be
 * dropped gets a fresh snapshot once it has caught up, so it never holds a stale picture. A `kinds`
 * event says a kind's profile changed, so dashboards load the kinds again without waiting.
 */
export const livePlugin: FastifyPluginAsyncTypebox<LivePluginOptions> = async (app, { live, kinds, heartbeatMs = 15_000, onClientCount }) => {
  const streams = new Set<SseStream>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  app.get(
    '/api/live',
    {
      config: { role: 'viewer', display: true },
      schema: {
        summary: 'Live frames (server-sent events named "frame", JSON LiveFrame) and profile changes ("kinds", JSON KindChange)',
        tags: ['live'],
        response: { 200: eventStream('Events named "frame", each a JSON LiveFrame; events named "kinds", each a JSON KindChange { kind, version } when a new version of a kind is in force') },
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
      const announce = (spec: DeviceKindSpec) => {
        const change: KindChange = { kind: spec.kind, version: spec.version };
        stream.send(liveEventNames.kinds, change);
      };
      live.on('frame', send);
      kinds?.on('changed', announce);
      stream.onClose(() => {
        live.off('frame', send);
        kinds?.off('changed', announce);
        streams.delete(stream);
        onClientCount?.(streams.size);
      });
    },
  );
};
