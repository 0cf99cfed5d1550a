import { HttpError, type InfluxDB, type WriteApi } from '@influxdata/influxdb-client';

export interface WriteRetryOptions {
  /** First back-off, ms; each further attempt waits up to `exponentialBase` times longer. */
  readonly minDelayMs: number;
  /** Longest back-off between two attempts, ms. */
  readonly maxDelayMs: number;
  /** Random extra wait added to every back-off, ms, so many writers do not retry in step. */
  readonly jitterMs: number;
  /** Attempts after the first before the writer gives the batch back to its caller. */
  readonly maxRetries: number;
}

export interface InfluxWriterOptions {
  readonly database: string;
  readonly batchLines: number;
  /** Bodies larger than this are gzipped (`Content-Encoding: gzip`, accepted by 1.x, 2.x and 3.x). */
  readonly gzipThresholdBytes: number;
  readonly retry: WriteRetryOptions;
  /** Every failed attempt, retried or not: health and metrics follow it. */
  readonly onAttemptFailed: (error: Error) => void;
}

interface InFlight {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Writes one batch of lines at a time through the client's WriteApi and says when InfluxDB
 * confirmed it (HTTP 204). Transient failures (network, 429, 5xx) are retried by the WriteApi
 * with exponential back-off and jitter, honouring Retry-After; after `maxRetries`, or at once for
 * a 4xx, the batch is handed back as a rejection so the caller keeps it and decides.
 */
export class InfluxWriter {
  readonly #api: WriteApi;
  #inFlight: InFlight | undefined;

  constructor(client: InfluxDB, private readonly options: InfluxWriterOptions) {
    const { retry } = options;
    this.#api = client.getWriteApi('', options.database, 'ms', {
      batchSize: options.batchLines + 1, // never split a batch: it is flushed whole, explicitly
      maxBatchBytes: 256 * 1024 * 1024, // 256 MiB: the caller bounds batches
      flushInterval: 0, // no timer: the forwarder flushes each batch itself
      gzipThreshold: options.gzipThresholdBytes,
      maxRetries: retry.maxRetries,
      maxRetryTime: Number.MAX_SAFE_INTEGER, // bounded by maxRetries instead
      maxBufferLines: options.batchLines * 2,
      minRetryDelay: retry.minDelayMs,
      maxRetryDelay: retry.maxDelayMs,
      retryJitter: retry.jitterMs,
      exponentialBase: 2,
      randomRetry: true,
      writeSuccess: () => this.#settle(undefined),
      writeFailed: (error: Error, _lines: string[], attempt: number) => this.#failed(error, attempt),
    });
  }

  /** Resolves once InfluxDB confirmed every line; one batch at a time. */
  write(lines: readonly string[]): Promise<void> {
    if (this.#inFlight) return Promise.reject(new Error('InfluxWriter writes one batch at a time'));
    return new Promise<void>((resolve, reject) => {
      this.#inFlight = { resolve, reject };
      this.#api.writeRecords([...lines]);
      // The first attempt's failure is reported through writeFailed; retries run on the WriteApi's timer.
      this.#api.flush().catch(() => undefined);
    });
  }

  /** Drops scheduled retries; a batch in flight is handed back (it stays in the spool). */
  dispose(): void {
    this.#api.dispose();
    this.#settle(new Error('InfluxDB writer closed'));
  }

  /**
   * Returning undefined lets the WriteApi retry; a promise ends this batch's attempts. Only an
   * answer from InfluxDB (429, 5xx) is retried here, with back-off; no answer at all hands the
   * batch back at once, so the forwarder can send it the moment a probe gets through instead of
   * after a back-off timer that may run seconds past InfluxDB's return.
   */
  #failed(error: Error, attempt: number): Promise<void> | undefined {
    this.options.onAttemptFailed(error);
    const answered = error instanceof HttpError;
    if (answered && error.statusCode >= 429 && attempt <= this.options.retry.maxRetries) return undefined;
    this.#settle(error);
    return Promise.resolve();
  }

  #settle(error: Error | undefined): void {
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    if (error === undefined) inFlight?.resolve();
    else inFlight?.reject(error);
  }
}
