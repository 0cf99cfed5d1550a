import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifySchema } from 'fastify';
import { Histogram } from 'prom-client';

/**
 * Bucket bounds, seconds. A group commit costs about 0.7 ms on a quiet disk and a PUBACK waits for
 * one or two of them, so the durability buckets start below a millisecond; anything past 5 s is a
 * store in trouble, which a single top bucket says well enough.
 */
export const durabilityBucketsSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Frames are cut every 250 ms (4 Hz): a reading normally waits less than one interval for its frame. */
export const frameLagBucketsSeconds = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Most API answers take milliseconds; exports and reports may take many seconds. */
const httpBucketsSeconds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export type HttpDurations = Histogram<'method' | 'route' | 'code'>;

/** The HTTP request histogram, not yet in a registry: the metrics plugin registers it. */
export function httpRequestDurations(): HttpDurations {
  return new Histogram({
    name: 'kendali_http_request_duration_seconds',
    help: 'Seconds from a request arriving to its answer sent, by method, route pattern and status code (live streams not counted)',
    labelNames: ['method', 'route', 'code'],
    buckets: httpBucketsSeconds,
    registers: [],
  });
}

/** Whether a route's schema says it answers with server-sent events (see `eventStream` in sse.ts). */
function answersEventStream(schema: FastifySchema | undefined): boolean {
  const ok = (schema?.response as Readonly<Record<string, { readonly content?: Readonly<Record<string, unknown>> }>> | undefined)?.['200'];
  return ok?.content?.['text/event-stream'] !== undefined;
}

/**
 * Times every answered request into `durations`. Registered before the routes so it covers them
 * all (a root hook reaches only routes added after it). The route is the pattern
 * (`/api/devices/:id`), never the URL, so ids and tokens make no series of their own. A live
 * stream's "duration" is how long someone watched, not how fast Kendali answered: such answers
 * (server-sent events, protocol upgrades) are left out.
 */
const requestTimingsPlugin: FastifyPluginAsync<{ readonly durations: HttpDurations }> = async (app, { durations }) => {
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 101 || answersEventStream(request.routeOptions.schema)) return;
    const route = request.routeOptions.url ?? 'unmatched';
    durations.observe({ method: request.method, route, code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
};

export const requestTimings = fp(requestTimingsPlugin, { name: 'kendali-request-timings' });
