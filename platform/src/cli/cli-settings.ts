import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the CLI finds the platform and its data: flags first, then the platform's own settings. */
export interface CliSettings {
  /** The API's base URL, and whether it was given (`--url`) rather than derived from the settings. */
  readonly url: string;
  readonly urlGiven: boolean;
  /** With HTTPS on (KENDALI_HTTP_TLS_CERT) and the URL derived: the certificate the platform must show. */
  readonly pinnedCertFile: string | null;
  readonly dataDir: string;
  readonly token: string | null;
}

export interface CliFlags {
  readonly url?: string;
  readonly token?: string;
  readonly dataDir?: string;
}

/**
 * Reads KENDALI_HOST, KENDALI_HTTP_PORT, KENDALI_HTTP_TLS_CERT, KENDALI_DATA_DIR and KENDALI_ADMIN_TOKEN as `start` does,
 * and, lacking a token, the first-run admin token kept in the data directory.
 */
export function cliSettings(flags: CliFlags, env: NodeJS.ProcessEnv): CliSettings {
  const host = env.KENDALI_HOST || '127.0.0.1';
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const certFile = env.KENDALI_HTTP_TLS_CERT || null;
  const url = (flags.url ?? `${certFile ? 'https' : 'http'}://${reachableHost}:${env.KENDALI_HTTP_PORT || '8080'}`).replace(/\/+$/, '');
  const dataDir = resolve(flags.dataDir ?? (env.KENDALI_DATA_DIR || './data'));
  return { url, urlGiven: flags.url !== undefined, pinnedCertFile: flags.url === undefined && certFile ? resolve(certFile) : null, dataDir, token: flags.token ?? (env.KENDALI_ADMIN_TOKEN || firstRunAdminToken(dataDir)) };
}

function firstRunAdminToken(dataDir: string): string | null {
  const file = join(dataDir, 'initial-tokens.json');
  if (!existsSync(file)) return null;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { admin?: unknown };
    return typeof saved.admin === 'string' ? saved.admin : null;
  } catch {
    return null;
  }
}
