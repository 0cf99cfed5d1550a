import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { constants as zlibConstants, gzip } from 'node:zlib';
import { HttpError } from '@influxdata/influxdb-client';
import { authorization, databaseParams, type InfluxTarget } from './influx-transport';

export interface WriteRetryOptions {
  /** First back-off, ms; each further attempt waits up to twice as long. */
  readonly minDelayMs: number;
  /** Longest back-off between two attempts, ms. */
  readonly maxDelayMs: number;
  /** Random extra wait added to every back-off, ms, so many writers do not retry in step. */
  readonly jitterMs: number;
  /** Attempts after the first before the writer gives the batch back to its caller. */
  readonly maxRetries: number;
}

export interface InfluxWriterOptions extends InfluxTarget {
  /** Bodies larger than this are gzipped (`Content-Encoding: gzip`, accepted by 1.x, 2.x and 3.x). */
  readonly gzipThresholdBytes: number;
  readonly retry: WriteRetryOptions;
  /** Every failed attempt, retried or not: health and metrics follow it. */
  readonly onAttemptFailed: (error: Error) => void;
}

const gzipAsync = promisify(gzip);
const newline = 0x0a;
/** An error answer's body is kept up to this many bytes for the operator's message (4 KiB). */
const errorBodyBytes = 4 * 1024;

/**
 * Writes batches of line-protocol records to InfluxDB's `/write` endpoint (1.x, 2.x's
 * compatibility API and 3.x's v1 API all serve it) and resolves when InfluxDB confirmed one (2xx).
 *
 * A batch goes from the spool's buffers into one request body without becoming strings on the
 * way: one copy to join the records, gzip on libuv's thread pool when the body is large. An answer
 * of 429 or 5xx is tried again after a back-off (Retry-After when InfluxDB sends one, else
 * exponential with jitter); after `maxRetries`, or at once for another 4xx or no answer at all, the
 * batch is handed back as a rejection so the caller keeps it and decides (the forwarder sends it
 * again the moment a probe gets through instead of waiting out a back-off).
 */
export class InfluxWriter {
  readonly #endpoint: URL;
  readonly #agent: HttpAgent;
  readonly #headers: Record<string, string>;
  /** Back-offs waiting to send again; closing ends them. */
  readonly #backOffs = new Set<{ readonly timer: NodeJS.Timeout; readonly cancel: (error: Error) => void }>();
  #closed = false;

  constructor(private readonly options: InfluxWriterOptions) {
    const base = new URL(options.url);
    this.#endpoint = new URL(`${base.pathname.replace(/\/+$/, '')}/write`, base);
    this.#endpoint.search = new URLSearchParams({ ...databaseParams(options.database), precision: 'ms' }).toString();
    const https = base.protocol === 'https:';
    // Two batches may be on their way at once (the forwarder's bound); a kept-alive socket each.
    this.#agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.#headers = { 'content-type': 'text/plain; charset=utf-8', 'user-agent': 'kendali', ...authorization(options.token) };
  }

  /** Resolves once InfluxDB confirmed every record; rejects with the last failure otherwise. */
  async write(records: readonly Buffer[]): Promise<void> {
    const joined = joinLines(records);
    const gzipped = joined.length > this.options.gzipThresholdBytes;
    // Level 1: half the CPU of the default level for a quarter more bytes (5,000 lines, 1.1 MB: 5-7 ms
    // and 201 KB against 12-13 ms and 157 KB), and the CPU is what InfluxDB beside Kendali shares.
    const body = gzipped ? await gzipAsync(joined, { level: zlibConstants.Z_BEST_SPEED }) : joined;
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) throw new Error('InfluxDB writer closed');
      try {
        await this.#post(body, gzipped);
        return;
      } catch (caught) {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        this.options.onAttemptFailed(error);
        const answered = error instanceof HttpError;
        if (!answered || error.statusCode < 429 || attempt > this.options.retry.maxRetries) throw error;
        await this.#backOff(retryDelayMs(error, attempt, this.options.retry));
      }
    }
  }

  /** Ends back-offs (their batches are handed back; they stay in the spool) and closes idle sockets. */
  dispose(): void {
    this.#closed = true;
    for (const backOff of this.#backOffs) {
      clearTimeout(backOff.timer);
      backOff.cancel(new Error('InfluxDB writer closed'));
    }
    this.#backOffs.clear();
    this.#agent.destroy();
  }

  #post(body: Buffer, gzipped: boolean): Promise<void> {
    const send = this.#endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = { ...this.#headers, 'content-length': String(body.length), ...(gzipped ? { 'content-encoding': 'gzip' } : {}) };
    return new Promise<void>((resolve, reject) => {
      const request = send(this.#endpoint, { method: 'POST', agent: this.#agent, headers, timeout: this.options.requestTimeoutMs }, (response) => {
        if (response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300) {
          response.resume();
          response.on('end', resolve);
        } else {
          readError(response).then(reject, reject);
        }
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`InfluxDB did not answer the write within ${this.options.requestTimeoutMs} ms (timed out)`)));
      request.on('error', reject);
      request.end(body);
    });
  }

  #backOff(ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const backOff = {
        timer: setTimeout(() => {
          this.#backOffs.delete(backOff);
          resolve();
        }, ms),
        cancel: reject,
      };
      this.#backOffs.add(backOff);
    });
  }
}

/** The records as one body, a newline between two. */
export function joinLines(records: readonly Buffer[]): Buffer {
  let length = Math.max(0, records.length - 1);
  for (const record of records) length += record.length;
  const body = Buffer.allocUnsafe(length);
  let at = 0;
  for (const record of records) {
    if (at > 0) body[at++] = newline;
    at += record.copy(body, at);
  }
  return body;
}

/**
 * The wait before attempt `attempt + 1`: what Retry-After asks (seconds) when InfluxDB sends it,
 * else a random time between `minDelayMs × 2^(attempt-1)` and twice that, capped at `maxDelayMs`;
 * each with up to `jitterMs` more.
 */
export function retryDelayMs(error: HttpError, attempt: number, retry: WriteRetryOptions, random: () => number = Math.random): number {
  const jitter = Math.round(random() * retry.jitterMs);
  const askedSeconds = error.retryAfter();
  if (askedSeconds > 0) return askedSeconds * 1_000 + jitter;
  const low = Math.min(Math.max(1, retry.minDelayMs) * 2 ** (attempt - 1), retry.maxDelayMs);
  const high = Math.min(low * 2, retry.maxDelayMs);
  return Math.round(low + random() * (high - low)) + jitter;
}

/** An error answer as the client library's `HttpError`, so problems are described one way for writes and queries. */
function readError(response: IncomingMessage): Promise<HttpError> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    response.on('data', (chunk: Buffer) => {
      if (kept < errorBodyBytes) chunks.push(chunk);
      kept += chunk.length;
    });
    response.on('error', reject);
    response.on('end', () => {
      const text = Buffer.concat(chunks).subarray(0, errorBodyBytes).toString('utf8') || String(response.headers['x-influxdb-error'] ?? '');
      const contentType = response.headers['content-type'];
      resolve(new HttpError(response.statusCode ?? 600, response.statusMessage ?? '', text, response.headers['retry-after'], contentType, undefined, response.headers));
    });
  });
}
