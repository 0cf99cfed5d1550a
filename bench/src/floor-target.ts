import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { Aedes, type AuthorizePublishHandler } from 'aedes';
import type { BenchTarget } from './bench-target';
import { CompletionTimeline } from './completion-timeline';
import { serveOnLoopback } from './loopback-broker';

interface Waiting {
  readonly deviceId: string;
  readonly ts: number;
  readonly payload: string;
  readonly done: (error?: Error | null) => void;
}

/**
 * The durable floor: Aedes with the least a broker can do to make PUBACK mean "stored" in DuckDB,
 * and nothing else. `authorizePublish` parses the JSON, keeps the device, `ts` and the payload text
 * in one table (no key, no columns per field, no validation, registry, live state or alarms) and
 * calls back after the group commit that holds it, each commit starting as the one before ends,
 * as Kendali's does. What this reaches on a machine is the most any design with a durable PUBACK
 * on DuckDB can reach there, so Kendali's rate over this one is the share its own work leaves.
 */
export async function startFloorTarget(): Promise<BenchTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'kendali-bench-floor-'));
  const instance = await DuckDBInstance.create(join(dir, 'floor.duckdb'));
  const connection = await instance.connect();
  await connection.run('CREATE TABLE readings (device_id VARCHAR, ts TIMESTAMP, payload VARCHAR)');
  const appender = await connection.createAppender('readings');
  const completions = new CompletionTimeline();
  const committer = new FloorCommitter(connection, appender, completions);

  const authorizePublish: AuthorizePublishHandler = (client, packet, callback) => {
    const payload = packet.payload.toString();
    let ts = Number.NaN;
    try {
      ts = Number((JSON.parse(payload) as { ts?: unknown }).ts);
    } catch {
      // not JSON: dropped below
    }
    if (!Number.isFinite(ts)) {
      callback(null); // no JSON or no numeric ts: acknowledged and dropped, as Kendali acknowledges a bad message, so it cannot fail a whole commit
      return;
    }
    committer.add({ deviceId: client?.id ?? '', ts, payload, done: callback });
  };
  const broker = await Aedes.createBroker({ authorizePublish });

  const served = await serveOnLoopback(broker);
  return {
    name: 'durable floor',
    url: served.url,
    completions,
    frames: null,
    intake: null,
    http: null,
    counters: () => ({ completed: committer.committed, rejected: 0, storeFailures: committer.failures }),
    async close() {
      await served.close();
      await committer.idle();
      appender.closeSync();
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Group commit in its plainest form: whatever waits when a commit starts goes into it. */
class FloorCommitter {
  #waiting: Waiting[] = [];
  #running: Promise<void> | undefined;
  committed = 0;
  failures = 0;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly appender: DuckDBAppender,
    private readonly completions: CompletionTimeline,
  ) {}

  add(item: Waiting): void {
    this.#waiting.push(item);
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
  }

  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        await this.connection.run('BEGIN TRANSACTION');
        for (const { deviceId, ts, payload } of batch) {
          this.appender.appendVarchar(deviceId);
          this.appender.appendTimestamp(new DuckDBTimestampValue(BigInt(ts * 1000)));
          this.appender.appendVarchar(payload);
          this.appender.endRow();
        }
        this.appender.flushSync();
        await this.connection.run('COMMIT');
      } catch (error) {
        this.failures += batch.length;
        await this.connection.run('ROLLBACK').catch(() => undefined);
        for (const item of batch) item.done(error as Error);
        continue;
      }
      const nowMs = Date.now();
      this.committed += batch.length;
      for (const item of batch) {
        this.completions.record(nowMs, nowMs - item.ts);
        item.done(null);
      }
    }
  }
}
