import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The HTTP port's certificate (chain) and key, as read from their PEM files. */
export interface HttpTlsPems {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Where the HTTP port's certificate and key are (KENDALI_HTTP_TLS_CERT, KENDALI_HTTP_TLS_KEY). */
export interface HttpTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** A certificate or key file that cannot serve HTTPS; the message names the setting and the fix. */
export class HttpTlsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HttpTlsError';
  }
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function readPem(setting: string, file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new HttpTlsError(`${setting}=${JSON.stringify(file)} cannot be read (${reasonOf(error)}): point ${setting} at a readable PEM ${what} file (README, HTTPS).`);
  }
}

/**
 * Reads the certificate and key and checks that they are PEM and belong together, so a wrong file
 * stops the start with the setting to fix instead of failing every TLS handshake later.
 */
export function readHttpTls({ certFile, keyFile }: HttpTlsFiles): HttpTlsPems {
  const cert = readPem('KENDALI_HTTP_TLS_CERT', certFile, 'certificate');
  const key = readPem('KENDALI_HTTP_TLS_KEY', keyFile, 'private key');
  let certificate: X509Certificate;
  try {
    // The first certificate of a chain is the server's own; the ones after it are its issuers.
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new HttpTlsError(`KENDALI_HTTP_TLS_CERT=${JSON.stringify(certFile)} holds no PEM certificate (${reasonOf(error)}): it must start with "-----BEGIN CERTIFICATE-----" (README, HTTPS).`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new HttpTlsError(`KENDALI_HTTP_TLS_KEY=${JSON.stringify(keyFile)} holds no unencrypted PEM private key (${reasonOf(error)}); a key with a passphrase must be decrypted first, e.g. openssl pkey -in key.pem -out plain-key.pem (README, HTTPS).`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new HttpTlsError(
      `KENDALI_HTTP_TLS_KEY=${JSON.stringify(keyFile)} is not the private key of the certificate in KENDALI_HTTP_TLS_CERT=${JSON.stringify(certFile)} (${certificate.subject.replaceAll('\n', ', ')}): set both to the files of one certificate (README, HTTPS).`,
    );
  }
  return { cert, key };
}
