import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as connectTls } from 'node:tls';
import { CliError } from './cli-error';

/** The platform answered something other than itself over HTTPS: no token was sent. */
class CertificateMismatch extends CliError {}

/**
 * POSTs to the running platform and resolves with its answer, as a stream. Over HTTPS with
 * `pinnedCertFile` (the platform's own KENDALI_HTTP_TLS_CERT), the server must show exactly that
 * certificate, checked before the token leaves: it may be self-signed, or issued for a name other
 * than the address the CLI derives (127.0.0.1). Otherwise the machine's CAs decide.
 */
export function postToPlatform(url: string, headers: Readonly<Record<string, string>>, pinnedCertFile: string | null): Promise<IncomingMessage> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: RequestOptions = { method: 'POST', host, port: target.port, path: `${target.pathname}${target.search}`, headers };
  return new Promise((resolve, reject) => {
    if (target.protocol === 'http:') return void httpRequest(options, resolve).on('error', reject).end();
    if (pinnedCertFile === null) return void httpsRequest(options, resolve).on('error', reject).end();
    const pinned = new X509Certificate(readFileSync(pinnedCertFile)).fingerprint256;
    // The chain is not judged here: the pin alone decides, as the served certificate is compared whole.
    const socket = connectTls({ host, port: Number(target.port || 443), rejectUnauthorized: false }, () => {
      if (socket.getPeerX509Certificate()?.fingerprint256 !== pinned) {
        socket.destroy();
        reject(new CertificateMismatch(`${url} shows another certificate than KENDALI_HTTP_TLS_CERT=${pinnedCertFile}: is another server listening there? Nothing was sent`));
        return;
      }
      httpsRequest({ ...options, createConnection: () => socket }, resolve).on('error', reject).end();
    });
    socket.on('error', reject);
  });
}

/** An answer's body as text (an error's explanation). */
export async function answerText(answer: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of answer) text += String(chunk);
  return text;
}
