import { systemClock } from '@kendali/contracts';
import { defaultIngestOptions, openCore } from '@kendali/ingest';
import type { SimulatedDevice } from '@kendali/simulators';
import { makeTempDir, mosquittoAdmin, spawnPlatform, testAdminToken, type Mosquitto, type RunningPlatform } from '@kendali/test-support';
import { benchSecret } from './bench-fleet';
import { processCpuSeconds, processMemoryMiB } from './process-figures';

/** Where the workers keep time series: one InfluxDB database they share, or each its own DuckDB file. */
export type WorkerStore = { readonly kind: 'influx'; readonly url: string; readonly database: string } | { readonly kind: 'duckdb' };

/** What a worker's `/metrics` says, and its process's CPU time. */
export interface WorkerSample {
  readonly atMs: number;
  /** kendali_readings_stored_total: durable (DuckDB committed, or InfluxDB's spool), each one PUBACKed after. */
  readonly stored: number;
  /** kendali_store_forwarded_total: confirmed by InfluxDB (0 with DuckDB). */
  readonly forwarded: number;
  readonly cpuSeconds: number;
}

const stopLimitMs = 20_000; // SIGKILL a worker that has not stopped 20 s after SIGTERM

/** Registers the bench fleet in a new data directory's registry, as an engineer would, before a worker opens it. */
async function provision(dataDir: string, fleet: readonly SimulatedDevice[], seed: number): Promise<void> {
  const core = await openCore({ ...defaultIngestOptions, dataDir, clock: systemClock });
  try {
    await core.registry.provision(
      fleet.map(({ id, kind, name, district, lat, lon }) => ({ id, kind, name, district, lat, lon })),
      (deviceId) => benchSecret(deviceId, seed),
    );
  } finally {
    await core.close();
  }
}

/**
 * Kendali as an ingest worker of the bench's Mosquitto: `platform/src/main.ts` in a process of its
 * own (KENDALI_MQTT_URL, dynamic security on) on its own data directory, the fleet registered
 * there. Its node id stays across a restart, so the broker resumes its session.
 */
export class IngestWorker {
  private constructor(
    readonly nodeId: string,
    private readonly env: Record<string, string>,
    private readonly removeDataDir: () => Promise<void>,
    public running: RunningPlatform,
  ) {}

  static async start(nodeId: string, mosquitto: Mosquitto, store: WorkerStore, fleet: readonly SimulatedDevice[], seed: number): Promise<IngestWorker> {
    const dataDir = await makeTempDir(`bench-${nodeId}`);
    try {
      await provision(dataDir.path, fleet, seed);
      const env = {
        KENDALI_DATA_DIR: dataDir.path,
        KENDALI_MQTT_URL: mosquitto.url,
        KENDALI_MQTT_USERNAME: mosquittoAdmin.username,
        KENDALI_MQTT_PASSWORD: mosquittoAdmin.password,
        KENDALI_NODE_ID: nodeId,
        KENDALI_LOG_LEVEL: 'error',
        // Two workers would both manage InfluxDB's roll-up tiers; the bench measures ingest alone.
        ...(store.kind === 'influx' ? { KENDALI_INFLUX_URL: store.url, KENDALI_INFLUX_DATABASE: store.database, KENDALI_INFLUX_ROLLUPS: 'off' } : {}),
      };
      return new IngestWorker(nodeId, env, () => dataDir.remove(), await IngestWorker.#spawn(env));
    } catch (error) {
      await dataDir.remove();
      throw error;
    }
  }

  static #spawn(env: Record<string, string>): Promise<RunningPlatform> {
    return spawnPlatform(env, { stopWithParent: true, killAfterMs: stopLimitMs, keptOutputChars: 20_000 });
  }

  get dataDir(): string {
    return this.env.KENDALI_DATA_DIR as string;
  }

  get pid(): number {
    return this.running.child.pid as number;
  }

  async sample(): Promise<WorkerSample> {
    const response = await fetch(`${this.running.http}/metrics`, { headers: { authorization: `Bearer ${testAdminToken}` } });
    if (!response.ok) throw new Error(`${this.nodeId}: GET /metrics answered ${response.status}`);
    const text = await response.text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    return { atMs: performance.now(), stored: value('kendali_readings_stored_total'), forwarded: value('kendali_store_forwarded_total'), cpuSeconds: processCpuSeconds(this.pid) };
  }

  peakRssMiB(): number {
    return processMemoryMiB(this.pid, 'VmHWM');
  }

  /** SIGKILL: no flushing, no PUBACKs for what it holds. */
  kill(): Promise<void> {
    return this.running.kill();
  }

  /** Starts it again on the same data directory and node id (after `kill`). */
  async restart(): Promise<void> {
    this.running = await IngestWorker.#spawn(this.env);
  }

  /** Stops the process (SIGTERM, SIGKILL after 20 s); the data directory stays until `remove`. */
  async stop(): Promise<void> {
    await this.running.stop();
  }

  async remove(): Promise<void> {
    await this.stop();
    await this.removeDataDir();
  }
}
