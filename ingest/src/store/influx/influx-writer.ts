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
  /** Batches that may be on their way at once (one WriteApi each). */
  readonly lanes: number;
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

/** One WriteApi and the batch it carries, if any. */
class Lane {
  inFlight: InFlight | undefined;
  readonly api: WriteApi;

  constructor(open: (lane: Lane) => WriteApi) {
    this.api = open(this);
  }
}

/**
 * Writes batches of lines through the client's WriteApi, up to `lanes` batches at once, and says
 * when InfluxDB confirmed each (HTTP 204). A WriteApi reports success and failure without saying
 * which batch they were for, so each batch on its way has a WriteApi of its own. Transient
 * failures (429, 5xx) are retried by the WriteApi with exponential back-off and jitter, honouring
 * Retry-After; after `maxRetries`, or at once for a 4xx, the batch is handed back as a rejection
 * so the caller keeps it and decides.
 */
export class InfluxWriter {
  readonly #lanes: Lane[];

  constructor(client: InfluxDB, private readonly options: InfluxWriterOptions) {
    this.#lanes = Array.from({ length: Math.max(1, options.lanes) }, () => new Lane((lane) => this.#writeApi(client, lane)));
  }

  #writeApi(client: InfluxDB, lane: Lane): WriteApi {
    const { retry, ...options } = this.options;
    return client.getWriteApi('', options.database, 'ms', {
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
      writeSuccess: () => settle(lane, undefined),
      writeFailed: (error: Error, _lines: string[], attempt: number) => this.#failed(lane, error, attempt),
    });
  }

  /** Resolves once InfluxDB confirmed every line; at most `lanes` batches at a time. */
  write(lines: readonly string[]): Promise<void> {
    const lane = this.#lanes.find((candidate) => candidate.inFlight === undefined);
    if (lane === undefined) return Promise.reject(new Error(`InfluxWriter writes at most ${this.#lanes.length} batches at a time`));
    return new Promise<void>((resolve, reject) => {
      lane.inFlight = { resolve, reject };
      lane.api.writeRecords(lines as string[]); // the WriteApi copies them into its own buffer
      // The first attempt's failure is reported through writeFailed; retries run on the WriteApi's timer.
      lane.api.flush().catch(() => undefined);
    });
  }

  /** Drops scheduled retries; batches in flight are handed back (they stay in the spool). */
  dispose(): void {
    for (const lane of this.#lanes) {
      void lane.api.dispose();
      settle(lane, new Error('InfluxDB writer closed'));
    }
  }

  /**
   * Returning undefined lets the WriteApi retry; a promise ends this batch's attempts. Only an
   * answer from InfluxDB (429, 5xx) is retried here, with back-off; no answer at all hands the
   * batch back at once, so the forwarder can send it the moment a probe gets through instead of
   * after a back-off timer that may run seconds past InfluxDB's return.
   */
  #failed(lane: Lane, error: Error, attempt: number): Promise<void> | undefined {
    this.options.onAttemptFailed(error);
    const answered = error instanceof HttpError;
    if (answered && error.statusCode >= 429 && attempt <= this.options.retry.maxRetries) return undefined;
    settle(lane, error);
    return Promise.resolve();
  }
}

function settle(lane: Lane, error: Error | undefined): void {
  const inFlight = lane.inFlight;
  lane.inFlight = undefined;
  if (error === undefined) inFlight?.resolve();
  else inFlight?.reject(error);
}
