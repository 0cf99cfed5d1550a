import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { answerFrameworkError, installErrorHandling } from './error-handler';
import type { ProxyTrust } from './plugins/proxy-headers';

export interface HttpServerOptions {
  readonly logger?: FastifyBaseLogger | boolean;
  /** Serve HTTPS with this PEM certificate (chain) and key; absent = plain HTTP. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
  /** The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; absent = none. */
  readonly trustProxy?: ProxyTrust;
}

/**
 * The Fastify server every Kendali node answers HTTP with, before any route: its logger, TLS,
 * shutdown and the one JSON error shape. The full API and an ingest worker's health face add their
 * plugins to it.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    ...(typeof options.logger === 'object' ? { loggerInstance: options.logger } : { logger: options.logger ?? false }),
    // SSE streams and keep-alive sockets must not hold shutdown hostage.
    forceCloseConnections: true,
    // Fastify's own request lines print the URL, which may carry a wall display's ?token=;
    // request-logging.ts logs requests with tokens removed instead.
    disableRequestLogging: true,
    frameworkErrors: answerFrameworkError,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    // Typed as plain HTTP either way: an https.Server serves the same requests and upgrades.
    ...((options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}) as object),
  });
  installErrorHandling(app);
  return app;
}
