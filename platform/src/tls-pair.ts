import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A port's certificate (chain) and key, as read from their PEM files. */
export interface TlsPems {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Where a port's certificate and key are. */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** A certificate or key file that cannot serve TLS; the message names the setting and the fix. */
export class TlsPairError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsPairError';
  }
}

/** The settings that name a port's certificate and key (both explained in the README's HTTPS section). */
export interface TlsSettings {
  readonly cert: string;
  readonly key: string;
}

/** KENDALI_HTTP_TLS_CERT / _KEY: the dashboard, API and MQTT over WebSocket. */
export const httpTlsSettings: TlsSettings = Object.freeze({ cert: 'KENDALI_HTTP_TLS_CERT', key: 'KENDALI_HTTP_TLS_KEY' });
/** KENDALI_TLS_CERT / _KEY: MQTT over TLS on its own port. */
export const mqttTlsSettings: TlsSettings = Object.freeze({ cert: 'KENDALI_TLS_CERT', key: 'KENDALI_TLS_KEY' });

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function readPem(setting: string, file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new TlsPairError(`${setting}=${JSON.stringify(file)} cannot be read (${reasonOf(error)}): point ${setting} at a readable PEM ${what} file (README, HTTPS).`);
  }
}

/**
 * Reads the certificate and key and checks that they are PEM and belong together, so a wrong file
 * stops the start with the setting to fix instead of failing every TLS handshake later.
 */
export function readTlsPair({ certFile, keyFile }: TlsFiles, settings: TlsSettings): TlsPems {
  const cert = readPem(settings.cert, certFile, 'certificate');
  const key = readPem(settings.key, keyFile, 'private key');
  let certificate: X509Certificate;
  try {
    // The first certificate of a chain is the server's own; the ones after it are its issuers.
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new TlsPairError(`${settings.cert}=${JSON.stringify(certFile)} holds no PEM certificate (${reasonOf(error)}): it must start with "-----BEGIN CERTIFICATE-----" (README, HTTPS).`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new TlsPairError(`${settings.key}=${JSON.stringify(keyFile)} holds no unencrypted PEM private key (${reasonOf(error)}); a key with a passphrase must be decrypted first, e.g. openssl pkey -in key.pem -out plain-key.pem (README, HTTPS).`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new TlsPairError(
      `${settings.key}=${JSON.stringify(keyFile)} is not the private key of the certificate in ${settings.cert}=${JSON.stringify(certFile)} (${certificate.subject.replaceAll('\n', ', ')}): set both to the files of one certificate (README, HTTPS).`,
    );
  }
  return { cert, key };
}
