import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { PlatformConfig } from './config';

export interface ProxyTrustRule {
  /** Whether the peer `hop` steps away (0: the one connected) is a proxy to believe. */
  readonly trust: (address: string, hop: number) => boolean;
  /** A request's client address: the first untrusted one in X-Forwarded-For, as Fastify's `request.ip`. */
  readonly clientAddress: (request: IncomingMessage) => string;
}

/** KENDALI_TRUST_PROXY as one rule, shared by the API and the broker's MQTT over WebSocket; null = trust nobody. */
export function proxyTrustRule(setting: PlatformConfig['trustProxy']): ProxyTrustRule | null {
  if (setting === null) return null;
  const trust = typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : proxyAddr.compile([...setting]);
  return { trust, clientAddress: (request) => proxyAddr(request, trust) };
}
