import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { apiErrors } from '../errors';

/** Whether the peer `hop` steps from Kendali (0: the one connected) is a proxy to believe. */
export type ProxyTrust = (address: string, hop: number) => boolean;

export interface ProxyHeadersOptions {
  /** The proxies trusted with X-Forwarded-*; absent: nobody, and Fastify ignores those headers. */
  readonly trustProxy?: ProxyTrust;
  /** Kendali serves HTTPS itself: a request a proxy forwarded from plain HTTP is refused. */
  readonly httpsOnly: boolean;
}

/**
 * Behind a trusted proxy, `request.ip` and `request.protocol` come from X-Forwarded-For and
 * X-Forwarded-Proto. Fastify takes X-Forwarded-Proto and X-Forwarded-Host from any peer once
 * trustProxy is set, so they are dropped here unless the peer connected is a trusted proxy.
 *
 * With HTTPS on, a browser that reached the proxy over plain HTTP is refused before any route
 * runs: no password, token or session cookie travels over plain HTTP to or from Kendali.
 */
const proxyHeadersPlugin: FastifyPluginAsync<ProxyHeadersOptions> = async (app, { trustProxy, httpsOnly }) => {
  if (trustProxy === undefined) return;
  app.addHook('onRequest', async (request) => {
    if (!trustProxy(request.socket.remoteAddress ?? '', 0)) {
      delete request.raw.headers['x-forwarded-proto'];
      delete request.raw.headers['x-forwarded-host'];
    }
    if (httpsOnly && request.protocol !== 'https') throw new apiErrors.KENDALI_ERR_HTTPS_REQUIRED();
  });
};

export const proxyHeaders = fp(proxyHeadersPlugin, { name: 'kendali-proxy-headers' });
