import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { PlatformConfig } from './config';

export interface ProxyTrustRule {
  /** Whether the peer `hop` steps away (0: the one connected) is a proxy to believe. */
  readonly trust: (address: string, hop: number) => boolean;
  /** A request's client address: the first untrusted one in X-Forwarded-For, as Fastify's `request.ip`. */
  readonly clientAddress: (request: IncomingMessage) => string;
  /** The scheme the client used to reach the proxy (X-Forwarded-Proto, its last value, as Fastify reads it); undefined when the peer is no trusted proxy or did not say. */
  readonly forwardedProto: (request: IncomingMessage) => string | undefined;
}

/** KENDALI_TRUST_PROXY as one rule, shared by the API and the broker's MQTT over WebSocket; null = trust nobody. */
export function proxyTrustRule(setting: PlatformConfig['trustProxy']): ProxyTrustRule | null {
  if (setting === null) return null;
  const trust = typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : proxyAddr.compile([...setting]);
  const forwardedProto = (request: IncomingMessage) => {
    const header = request.headers['x-forwarded-proto'];
    if (typeof header !== 'string' || !trust(request.socket.remoteAddress ?? '', 0)) return undefined;
    return header.slice(header.lastIndexOf(',') + 1).trim().toLowerCase();
  };
  return { trust, clientAddress: (request) => proxyAddr(request, trust), forwardedProto };
}
