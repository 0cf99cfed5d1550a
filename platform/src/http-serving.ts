import type { Server as TlsServer } from 'node:tls';
import { ConfigError, type PlatformConfig } from './config';
import { httpTlsSettings, readTlsPair, TlsPairError, type TlsFiles, type TlsPems, type TlsSettings } from './tls-pair';
import { proxyTrustRule, type ProxyTrustRule } from './proxy-trust';

/**
 * How the HTTP port serves, from the settings, the same in every mode: HTTPS or plain HTTP, the
 * reverse proxies it believes, single sign-on. Read once at start; the certificate again on reload.
 */
export interface HttpServing {
  /** What the API takes from these settings. */
  readonly apiOptions: { readonly oidc: PlatformConfig['oidc']; readonly https?: TlsPems; readonly trustProxy?: ProxyTrustRule['trust'] };
  /** The proxies' rule for a WebSocket client's address; absent = the peer's own. */
  readonly proxyTrust: ProxyTrustRule | null;
  /** `s` when the port speaks TLS (for `https`/`wss` addresses), else empty. */
  readonly secure: '' | 's';
  /**
   * Reads KENDALI_HTTP_TLS_CERT and KENDALI_HTTP_TLS_KEY again and gives them to new connections of
   * `server`; throws a TlsPairError, keeping the old pair, if they do not make a pair. False when HTTPS is off.
   */
  reload(server: unknown): boolean;
}

export function httpServing(config: PlatformConfig): HttpServing {
  const httpTls = config.httpTls ? readTlsPairOrExplain(config.httpTls, httpTlsSettings) : null;
  const proxyTrust = proxyTrustRule(config.trustProxy);
  return {
    apiOptions: { oidc: config.oidc, ...(httpTls ? { https: httpTls } : {}), ...(proxyTrust ? { trustProxy: proxyTrust.trust } : {}) },
    proxyTrust,
    secure: httpTls !== null ? 's' : '',
    reload(server) {
      if (config.httpTls === null) return false;
      // Connections already open keep the certificate they shook hands with.
      (server as TlsServer).setSecureContext({ ...readTlsPair(config.httpTls, httpTlsSettings) });
      return true;
    },
  };
}

/** A port's certificate and key; files changed since the settings were read stop the start as a bad setting would. */
export function readTlsPairOrExplain(files: TlsFiles, settings: TlsSettings): TlsPems {
  try {
    return readTlsPair(files, settings);
  } catch (error) {
    if (error instanceof TlsPairError) throw new ConfigError([error.message]);
    throw error;
  }
}

/** The host to print in addresses: a wildcard bind is reached on loopback; IPv6 in brackets. */
export const displayHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);
