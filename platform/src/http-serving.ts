import type { Server as TlsServer } from 'node:tls';
import { apiErrors } from '@kendali/api';
import type { WebSocketAdmission } from '@kendali/broker';
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
  /** How MQTT over WebSocket on this port judges upgrades: the proxies' client address, and with HTTPS on, no upgrade forwarded from plain HTTP. */
  readonly webSocketAdmission: WebSocketAdmission;
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
    webSocketAdmission: webSocketAdmission(proxyTrust, httpTls !== null),
    secure: httpTls !== null ? 's' : '',
    reload(server) {
      if (config.httpTls === null) return false;
      // Connections already open keep the certificate they shook hands with.
      (server as TlsServer).setSecureContext({ ...readTlsPair(config.httpTls, httpTlsSettings) });
      return true;
    },
  };
}

/** As the API refuses a request a trusted proxy forwarded from plain HTTP, so a wss upgrade: a device's secret never crossed the network in clear. */
function webSocketAdmission(proxyTrust: ProxyTrustRule | null, httpsOnly: boolean): WebSocketAdmission {
  if (proxyTrust === null) return {};
  const { clientAddress, forwardedProto } = proxyTrust;
  if (!httpsOnly) return { peerAddress: clientAddress };
  const refused = new apiErrors.KENDALI_ERR_HTTPS_REQUIRED();
  return { peerAddress: clientAddress, refusal: (request) => (forwardedFromPlainHttp(forwardedProto(request)) ? { code: refused.code, message: refused.message } : null) };
}

const forwardedFromPlainHttp = (proto: string | undefined) => proto !== undefined && proto !== 'https';

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
