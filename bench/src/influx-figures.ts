import { availableParallelism } from 'node:os';
import { startInfluxd } from '@kendali/test-support';
import type { CleanupStack } from './cleanup-stack';
import { openDelayLink } from './delay-link';
import { benchLines, rawWriteRate } from './influx-raw-writes';
import { measureDrain, measurePipeline, startInfluxPlatform, type InfluxLoad } from './influx-pipeline';

const rawBatchLines = 5_000; // lines a request, as in the measurement in docs/architecture.md
const rawInFlight = 2; // requests at a time: one per core

export interface InfluxFigures {
  /** Raw batched line protocol straight to influxd: the ceiling. */
  readonly rawPointsPerSecond: number;
  /** Readings InfluxDB confirmed per second through MQTT QoS1 → spool → forwarder, in the measured window. */
  readonly pipelineWrittenPerSecond: number;
  /** PUBACKs per second in the same window (readings in the spool). */
  readonly pipelineAckedPerSecond: number;
  readonly ratio: number;
  readonly outage: Awaited<ReturnType<typeof measureDrain>>;
}

/**
 * One private influxd for the whole run: raw writes first (database bench_raw), then the platform
 * with KENDALI_INFLUX_URL under the bench's flat-out QoS1 load, then an outage and its drain. With
 * `linkDelayMs`, the raw writes and the platform both reach influxd through a relay that delays
 * each direction by that much (a distant InfluxDB).
 */
export async function runInfluxFigures(load: InfluxLoad, rawLines: number, cleanup: CleanupStack, linkDelayMs = 0): Promise<InfluxFigures> {
  const say = (text: string) => process.stderr.write(`${text}\n`);
  const influxd = await startInfluxd();
  const closeInfluxd = cleanup.add(() => influxd.close());
  const link = linkDelayMs > 0 ? await openDelayLink(Number(new URL(influxd.url).port), linkDelayMs) : null;
  const closeLink = cleanup.add(async () => link?.close());
  const influxUrl = link?.url ?? influxd.url;
  try {
    const how = link ? `, reached through a relay adding ${linkDelayMs} ms each way` : '';
    say(`influx: influxd ${influxd.url}${how}; ${availableParallelism()} cores shared by influxd, Kendali and the load generator`);
    await influxd.createDatabase('bench_raw');
    const lines = benchLines(rawLines, load.connections, load.seed);
    say(`influx raw: ${lines.length.toLocaleString('en-US')} lines, ${rawBatchLines} a request, ${rawInFlight} in flight…`);
    const rawPointsPerSecond = await rawWriteRate(influxUrl, 'bench_raw', lines, rawBatchLines, rawInFlight);

    await influxd.createDatabase('kendali');
    const target = await startInfluxPlatform(influxUrl, 'kendali', load, cleanup);
    try {
      say(`influx pipeline: ${load.connections} devices, QoS1 window ${load.window}, ${load.measureMs / 1000} s…`);
      const pipeline = await measurePipeline(target.platform, load);
      say(`influx outage: influxd stopped for ${load.measureMs / 1000} s of load, then started…`);
      const outage = await measureDrain(target.platform, influxd, load);
      return {
        rawPointsPerSecond,
        pipelineWrittenPerSecond: pipeline.writtenPerSecond,
        pipelineAckedPerSecond: pipeline.ackedPerSecond,
        ratio: pipeline.writtenPerSecond / rawPointsPerSecond,
        outage,
      };
    } finally {
      await target.close();
    }
  } finally {
    await closeLink();
    await closeInfluxd();
  }
}

export function influxLines(figures: InfluxFigures): string[] {
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  return [
    'Kendali → InfluxDB (private influxd 1.6.7 on loopback, same run)',
    `  raw line protocol → /write        ${n(figures.rawPointsPerSecond)} points/s  (the ceiling: ${rawBatchLines} lines a request, ${rawInFlight} in flight)`,
    `  pipeline, written to InfluxDB     ${n(figures.pipelineWrittenPerSecond)} readings/s  (confirmed by influxd in the measured window)`,
    `  pipeline, acknowledged (PUBACK)   ${n(figures.pipelineAckedPerSecond)} readings/s  (in the spool)`,
    `  ratio pipeline / raw              ${figures.ratio.toFixed(2)}`,
    `  outage: spooled while down        ${n(figures.outage.spooledPerSecond)} readings/s, backlog ${n(figures.outage.backlogReadings)} readings`,
    `  outage: first write after restart ${n(figures.outage.resumeAfterMs)} ms  (from influxd answering again to the first confirmed write)`,
    `  outage: spool drain rate          ${n(figures.outage.drainPerSecond)} readings/s`,
    `  outage: Kendali during the drain  ${figures.outage.drainCpuMsPerThousand.toFixed(1)} ms CPU per 1,000 readings, main thread busy ${Math.round(figures.outage.drainMainThreadBusy * 100)} %`,
  ];
}
