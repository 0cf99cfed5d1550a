import { EventEmitter } from 'node:events';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { setLogger, type InfluxDB } from '@influxdata/influxdb-client';
import { builtInKinds, requireKind, type DeviceKindSpec, type HistoryTier, type KindLookup, type Reading } from '@kendali/contracts';
import { copySpool } from '../../backup/spool-copy';
import { Spool } from '../../spool/spool';
import { SpoolForwarder, type SinkProblem } from '../../spool/spool-forwarder';
import { chooseTier, defaultRetention, type RetentionPolicy } from '../history-tier';
import type { AcrossAnswer, AcrossQuery, HistoryPoint, HistoryQuery, ReadingsQuery, RollupRange, StoreHealth, TelemetryStore, TelemetryStoreEvents } from '../telemetry-store';
import { influxAcross } from './influx-across';
import { refuseFieldTypeChanges } from './influx-field-types';
import { influxLatestPerDevice } from './influx-history';
import { describeInfluxProblem } from './influx-problems';
import { influxReadingPages } from './influx-readings';
import { InfluxTiers, type InfluxRollupMode } from './influx-rollups';
import { ForwardedInOrder } from './forwarded-in-order';
import { QueryWriteGate } from './query-write-gate';
import { connectInflux, type InfluxTarget } from './influx-transport';
import { InfluxWriter, type WriteRetryOptions } from './influx-writer';
import { readingFromLine, readingLine } from './reading-lines';
import { WaitingReadings } from './waiting-readings';

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
  /** While InfluxDB does not answer, how often to ask it again, ms: its first answer resumes the writes. */
  readonly downProbeMs: number;
  /** `manage`: Kendali keeps retention policies and continuous queries for the tiers (1.x); `off`: someone else does. */
  readonly rollups: InfluxRollupMode;
  /** How long raw readings and 1-minute roll-ups are kept (the retention policies' durations). */
  readonly retention: RetentionPolicy;
  /** Readings waiting in the spool that answers include; past this many, the rest wait unseen until forwarded. */
  readonly waitingIndexMaxReadings: number;
  /** The kinds there are (the profile catalogue): measurements, field types, continuous queries. */
  readonly kinds: KindLookup;
}

export const defaultInfluxStoreOptions = Object.freeze({
  spoolSegmentBytes: 64 * 1024 * 1024, // 64 MiB
  batchLines: 5_000, // the batch size InfluxData recommends for /write
  requestTimeoutMs: 10_000, // 10 s
  retry: Object.freeze({ minDelayMs: 250, maxDelayMs: 5_000, jitterMs: 250, maxRetries: 6 }), // 0.25-5 s back-off
  idleProbeMs: 15_000, // 15 s
  downProbeMs: 250, // 4 a second: an empty write is cheap, and a refused connection cheaper
  rollups: 'manage' as InfluxRollupMode,
  retention: defaultRetention,
  waitingIndexMaxReadings: 200_000, // ~60 MiB of readings in memory
  kinds: builtInKinds as KindLookup,
});

const batchBytes = 8 * 1024 * 1024; // 8 MiB read from the spool per write, at most
// Batches on their way to InfluxDB at once: it works on one while the next is read and sent.
const writesInFlight = 2;

// The client library logs failed requests to the console itself; Kendali reports state changes instead.
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
    private readonly tiers: InfluxTiers,
    private readonly waiting: WaitingReadings,
    private readonly gate: QueryWriteGate,
  ) {
    super();
    spool.onCommitted = (seconds, readings) => this.emit('committed', seconds, readings);
    forwarder.on('health', () => this.emit('health', this.health()));
    forwarder.on('refused', (count, detail) => {
      this.#refused += count;
      this.emit('refused', count, `${detail}; kept in ${join(options.spoolDir, 'refused.lp')}`);
    });
  }

  static async open(options: InfluxStoreOptions): Promise<InfluxTelemetryStore> {
    const spool = await Spool.open({ dir: options.spoolDir, maxBytes: options.spoolMaxBytes, segmentBytes: options.spoolSegmentBytes });
    const waiting = new WaitingReadings(options.waitingIndexMaxReadings);
    for await (const records of spool.recovered(batchBytes)) {
      waiting.add(records.map((record) => readingFromLine(record.toString('utf8'), options.kinds)).filter((reading) => reading !== undefined));
    }
    const client = connectInflux(options);
    const gate = new QueryWriteGate(options.requestTimeoutMs);
    // Said through the store's `notice` event once it exists (the set-up runs on the first write).
    let notice: (detail: string) => void = () => undefined;
    const tiers = new InfluxTiers(client.transport, { database: options.database, mode: options.rollups, retention: options.retention, kinds: options.kinds, onRefused: (detail) => notice(detail) });
    // Called only once writes begin, after `forwarder` below exists.
    const writer = new InfluxWriter({ ...options, gzipThresholdBytes: 64 * 1024, onAttemptFailed: (error) => forwarder.attemptFailed(error) });
    const inOrder = new ForwardedInOrder((records) => waiting.remove(records));
    const describe = (error: unknown): SinkProblem => {
      const problem = describeInfluxProblem(error, options);
      return { ...problem, refused: problem.kind === 'refused', down: problem.kind === 'unreachable' };
    };
    const sink = {
      // Written, and out of the waiting index, while no history query runs: each reading counted once.
      write: async (records: readonly Buffer[]) => {
        inOrder.sending(records);
        await tiers.ready();
        await gate.write(async () => {
          await writer.write(records);
          await inOrder.written(records);
        });
      },
      // An empty write checks address, credentials and database in one request (204 when all are right).
      probe: () => client.transport.request(`/api/v2/write?precision=ms`, '', { method: 'POST', headers: { 'content-type': 'text/plain' } }).then(() => undefined),
      quarantine: async (records: readonly Buffer[]) => {
        await appendDurably(join(options.spoolDir, 'refused.lp'), records);
        await inOrder.written(records);
      },
    };
    const forwarder = new SpoolForwarder(spool, sink, {
      batchRecords: options.batchLines,
      batchBytes,
      maxInFlight: writesInFlight,
      retryDelayMs: options.retry.maxDelayMs,
      idleProbeMs: options.idleProbeMs,
      downProbeMs: options.downProbeMs,
      describe,
    });
    const store = new InfluxTelemetryStore(options, client, spool, writer, forwarder, tiers, waiting, gate);
    notice = (detail) => store.emit('notice', detail);
    forwarder.start();
    // The tiers are set up at once when InfluxDB answers, else before the first write reaches it.
    tiers.ready().catch(() => undefined);
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
    await this.spool.append(readings.map((reading) => Buffer.from(readingLine(reading, requireKind(this.options.kinds, reading.kind)))));
    // Commits resolve in spool order, before the forwarder can read them: the index keeps that order.
    this.waiting.add(readings);
    this.#stored += readings.length;
  }

  /** One device's field: the city-wide path for one series, so it reads the same tiers and the spool. */
  async history(query: HistoryQuery): Promise<HistoryPoint[]> {
    const answer = await this.historyAcross({
      kind: query.kind,
      deviceIds: [query.deviceId],
      fields: [query.field],
      fns: [query.fn],
      groupBy: 'device',
      fromMs: query.fromMs,
      toMs: query.toMs,
      ...(query.everyMs === undefined ? {} : { everyMs: query.everyMs }),
      limit: query.limit,
    });
    return answer.series[0]?.points ?? [];
  }

  historyTier(query: Pick<HistoryQuery, 'everyMs'>): HistoryTier {
    return chooseTier(query);
  }

  /** Runs the continuous queries' SELECT … INTO over a past range (after a backfill, or readings replayed late). */
  async rebuildRollups(range: RollupRange): Promise<{ readonly buckets: number }> {
    return { buckets: await this.tiers.rebuild(range) };
  }

  /**
   * From the tier `chooseTier` names (finer tiers, then raw readings, for what it has not rolled
   * up yet), plus the readings waiting in the spool. While InfluxDB cannot be reached, the waiting
   * readings alone (health says why the rest is missing).
   */
  historyAcross(query: AcrossQuery): Promise<AcrossAnswer> {
    const context = { transport: this.client.transport, database: this.options.database, tiers: this.tiers, kinds: this.options.kinds, stored: true };
    const selection = { kind: query.kind, deviceIds: new Set(query.deviceIds), fromMs: query.fromMs, toMs: query.toMs };
    return this.gate.query(async () => {
      const waiting = this.waiting.select(selection);
      try {
        await this.tiers.ready();
        return await influxAcross(context, query, waiting);
      } catch (error) {
        if (!this.#unreachable(error)) throw error;
        return influxAcross({ ...context, stored: false }, query, waiting);
      }
    });
  }

  /** Raw readings in pages, those waiting in the spool merged in (as they were when the first page was asked). */
  async *readings(query: ReadingsQuery): AsyncGenerator<readonly Reading[]> {
    const waiting = this.waiting.select({ kind: query.kind, deviceIds: new Set(query.deviceIds), fromMs: query.fromMs, toMs: query.toMs });
    await this.tiers.ready();
    yield* influxReadingPages({ transport: this.client.transport, database: this.options.database, layout: this.tiers, kinds: this.options.kinds }, query, waiting);
  }

  #unreachable(error: unknown): boolean {
    const problem = describeInfluxProblem(error, this.options);
    if (problem.kind !== 'unreachable') return false;
    this.forwarder.attemptFailed(error);
    return true;
  }

  /** Newest point of every device; empty (the live view starts cold) while InfluxDB cannot answer. */
  async latestPerDevice(): Promise<Reading[]> {
    try {
      return await influxLatestPerDevice(this.client.transport, this.options.database, this.options.kinds);
    } catch (error) {
      this.forwarder.attemptFailed(error);
      return [];
    }
  }

  health(): StoreHealth {
    const forwarding = this.forwarder.health;
    const backlog = this.spool.backlog;
    const full = this.spool.waitingAppends > 0 && backlog.bytes > 0;
    const unseen = this.waiting.unindexed;
    const figures = `${backlog.records} readings, ${backlog.bytes} bytes in the spool${unseen > 0 ? ` (${unseen} of them not in history answers until forwarded)` : ''}`;
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

  /**
   * Before a new version of a kind goes live: refuses a field type InfluxDB holds otherwise
   * (`influx-field-types.ts`), then (re)creates the kind's continuous queries. Fails while
   * InfluxDB cannot answer, as the change cannot be checked.
   */
  async prepareKind(next: DeviceKindSpec, previous: DeviceKindSpec | undefined): Promise<void> {
    await this.tiers.ready();
    await refuseFieldTypeChanges(this.client.transport, this.options.database, this.tiers, next, previous);
    await this.tiers.prepareKind(next, previous);
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
