import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';

/**
 * The URL with any `token` query parameter blanked, and a wall's pairing poll id (which fetches its
 * display credential once confirmed), so logs never hold a credential or a way to one.
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]').replace(/^(\/api\/displays\/pairings\/)[^/?#]{20,}(?=$|[?#])/, '$1[redacted]');
}

/** One log line per request (method, redacted URL, status, time); headers are never logged. */
const requestLoggingPlugin: FastifyPluginAsync = async (app) => {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
};

export const requestLogging = fp(requestLoggingPlugin, { name: 'kendali-request-logging' });
