import { EventEmitter } from 'node:events';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { setLogger, type InfluxDB } from '@influxdata/influxdb-client';
import type { Reading } from '@kendali/contracts';
import { copySpool } from '../../backup/spool-copy';
import { Spool } from '../../spool/spool';
import { SpoolForwarder, type SinkProblem } from '../../spool/spool-forwarder';
import type { AcrossAnswer, AcrossQuery, HistoryPoint, HistoryQuery, ReadingsQuery, RollupRange, StoreHealth, TelemetryStore, TelemetryStoreEvents } from '../telemetry-store';
import { influxHistory, influxLatestPerDevice } from './influx-history';
import { describeInfluxProblem } from './influx-problems';
import { connectInflux, type InfluxTarget } from './influx-transport';
import { InfluxWriter, type WriteRetryOptions } from './influx-writer';
import { readingLine } from './reading-lines';

export interface InfluxStoreOptions extends InfluxTarget {
  /** Folder of the durable spool (segments, checkpoint, refused.lp). */
  readonly spoolDir: string;
  /** Bound on the unforwarded backlog; at the bound `append` waits (back-pressure). */
  readonly spoolMaxBytes: number;
  readonly spoolSegmentBytes: number;
  /** Lines per write request. */
  readonly batchLines: number;
  readonly retry: WriteRetryOptions;
  readonly idleProbeMs: number;
}

export const defaultInfluxStoreOptions = Object.freeze({
  spoolSegmentBytes: 64 * 1024 * 1024, // 64 MiB
  batchLines: 5_000, // the batch size InfluxData recommends for /write
  requestTimeoutMs: 10_000, // 10 s
  retry: Object.freeze({ minDelayMs: 250, maxDelayMs: 5_000, jitterMs: 250, maxRetries: 6 }), // 0.25-5 s back-off
  idleProbeMs: 15_000, // 15 s
});

const batchBytes = 8 * 1024 * 1024; // 8 MiB read from the spool per write, at most

// The client logs every retried write to the console itself; Kendali reports state changes instead.
setLogger({ error: () => undefined, warn: () => undefined });

/**
 * Time series in InfluxDB behind a durable local spool. `append` resolves once the readings are
 * records in the spool (so a PUBACK means "on this machine's disk"); a forwarder writes them to
 * InfluxDB in batches and advances the spool's checkpoint only on a confirmed write. Replays after
 * a restart are idempotent: a point with the same series and timestamp overwrites itself.
 */
export class InfluxTelemetryStore extends EventEmitter<TelemetryStoreEvents> implements TelemetryStore {
  #stored = 0;
  #refused = 0;

  private constructor(
    private readonly options: InfluxStoreOptions,
    private readonly client: InfluxDB,
    private readonly spool: Spool,
    private readonly writer: InfluxWriter,
    private readonly forwarder: SpoolForwarder,
  ) {
    super();
    forwarder.on('health', () => this.emit('health', this.health()));
    forwarder.on('refused', (count, detail) => {
      this.#refused += count;
      this.emit('refused', count, `${detail}; kept in ${join(options.spoolDir, 'refused.lp')}`);
    });
  }

  static async open(options: InfluxStoreOptions): Promise<InfluxTelemetryStore> {
    const spool = await Spool.open({ dir: options.spoolDir, maxBytes: options.spoolMaxBytes, segmentBytes: options.spoolSegmentBytes });
    const client = connectInflux(options);
    // Called only once writes begin, after `forwarder` below exists.
    const writer = new InfluxWriter(client, { ...options, gzipThresholdBytes: 64 * 1024, onAttemptFailed: (error) => forwarder.attemptFailed(error) });
    const describe = (error: unknown): SinkProblem => {
      const problem = describeInfluxProblem(error, options);
      return { ...problem, refused: problem.kind === 'refused' };
    };
    const sink = {
      write: (records: readonly Buffer[]) => writer.write(records.map((record) => record.toString('utf8'))),
      // An empty write checks address, credentials and database in one request (204 when all are right).
      probe: () => client.transport.request(`/api/v2/write?precision=ms`, '', { method: 'POST', headers: { 'content-type': 'text/plain' } }).then(() => undefined),
      quarantine: (records: readonly Buffer[]) => appendDurably(join(options.spoolDir, 'refused.lp'), records),
    };
    const forwarder = new SpoolForwarder(spool, sink, {
      batchRecords: options.batchLines,
      batchBytes,
      retryDelayMs: options.retry.maxDelayMs,
      idleProbeMs: options.idleProbeMs,
      describe,
    });
    const store = new InfluxTelemetryStore(options, client, spool, writer, forwarder);
    forwarder.start();
    return store;
  }

  get storedCount(): number {
    return this.#stored;
  }

  get commitCount(): number {
    return this.spool.commits;
  }

  /** What the spool found on opening: readings replayed, bytes of a torn record cut. */
  get recovery(): Spool['recovery'] {
    return this.spool.recovery;
  }

  async append(readings: readonly Reading[]): Promise<void> {
    await this.spool.append(readings.map((reading) => Buffer.from(readingLine(reading))));
    this.#stored += readings.length;
  }

  history(query: HistoryQuery): Promise<HistoryPoint[]> {
    return influxHistory(this.client.transport, this.options.database, query);
  }

  rebuildRollups(range: RollupRange): Promise<{ readonly buckets: number }> {
    return Promise.reject(new Error(`roll-ups (${range.kind ?? 'all kinds'}) are not built yet`));
  }

  historyAcross(query: AcrossQuery): Promise<AcrossAnswer> {
    return Promise.reject(new Error(`history across devices (${query.kind}) is not built for InfluxDB yet`));
  }

  // eslint-disable-next-line require-yield
  async *readings(query: ReadingsQuery): AsyncGenerator<readonly Reading[]> {
    throw new Error(`paged readings (${query.kind}) are not built for InfluxDB yet`);
  }

  /** Newest point of every device; empty (the live view starts cold) while InfluxDB cannot answer. */
  async latestPerDevice(): Promise<Reading[]> {
    try {
      return await influxLatestPerDevice(this.client.transport, this.options.database);
    } catch (error) {
      this.forwarder.attemptFailed(error);
      return [];
    }
  }

  health(): StoreHealth {
    const forwarding = this.forwarder.health;
    const backlog = this.spool.backlog;
    const full = this.spool.waitingAppends > 0 && backlog.bytes > 0;
    const figures = `${backlog.records} readings, ${backlog.bytes} bytes in the spool`;
    const detail = full
      ? `spool full at KENDALI_SPOOL_MAX_BYTES=${this.options.spoolMaxBytes}: publishers wait for their PUBACK; ${forwarding.detail}`
      : forwarding.ok
        ? `InfluxDB ${this.options.url} database "${this.options.database}": ${figures}`
        : forwarding.detail;
    return {
      ok: forwarding.ok && !full,
      detail: forwarding.ok && !full ? detail : `${detail} (now ${figures})`,
      backlogReadings: backlog.records,
      backlogBytes: backlog.bytes,
      waitingAppends: this.spool.waitingAppends,
      forwardedCount: this.forwarder.forwarded,
      forwardErrorCount: this.forwarder.failedAttempts,
      refusedCount: this.#refused,
    };
  }

  /** Copies what the spool holds and InfluxDB may not have yet into `targetDir` (a backup's part). */
  copySpool(targetDir: string): Promise<void> {
    return copySpool(this.spool.committedExtents(), this.options.spoolDir, targetDir);
  }

  /** Stops forwarding (what is unsent stays in the spool for the next start) and closes the spool. */
  async close(): Promise<void> {
    const stopping = this.forwarder.stop();
    this.writer.dispose();
    await stopping;
    await this.spool.close();
  }
}

/** Lines InfluxDB refused for good are kept, not lost: an operator can fix and re-post the file. */
async function appendDurably(path: string, records: readonly Buffer[]): Promise<void> {
  const file = await open(path, 'a');
  try {
    await file.write(Buffer.concat(records.flatMap((record) => [record, Buffer.from('\n')])));
    await file.sync();
  } finally {
    await file.close();
  }
}
