/**
 * `pnpm bench`: Kendali's pipeline (PUBACK = committed) against bare Aedes under the same flat-out
 * load, QoS1 and QoS0, on loopback; publish → wall frame at a paced rate; the InfluxDB figures;
 * ingest workers behind Mosquitto; a connect storm from a process of its own; then the wall in
 * Chromium with 5,000 devices (frame times, JS heap). Prints figures, no thresholds. See bench/README.md.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { influxdProgram } from '@kendali/test-support';
import { parseBenchOptions, usage, UsageError, type BenchOptions } from './bench-options';
import { alarmLatencyLines, measureAlarmLatency } from './alarm-latency';
import { CleanupStack } from './cleanup-stack';
import { runConnectStorm } from './connect-storm';
import { exportLines, runExportFigures } from './export-figures';
import { externalSkipReason, runExternalFigures } from './external-figures';
import { externalLines } from './external-report';
import { influxLines, runInfluxFigures } from './influx-figures';
import { pacedFigures, pacedLines } from './paced-report';
import { phaseLabel, runPhase, type PhaseResult } from './phase-runner';
import { defaultRollupBenchOptions, rollupLines, runRollupFigures } from './rollup-figures';
import { stormLines } from './storm-report';
import { detailTable, ratioLine, ratios, summaryTable, warnings } from './report-table';
import { runWallBench, wallBenchSkipReason, type WallBenchResult } from './wall-bench';
import { defaultWallOptions } from './wall-options';
import { wallJson, wallLines } from './wall-report';

const cleanup = new CleanupStack();

function machine() {
  return { cores: availableParallelism(), cpu: cpus()[0]?.model.trim() ?? 'unknown', node: process.version, date: new Date().toISOString() };
}

/**
 * The wall in a browser with thousands of devices: frame times and heap over minutes (wall-bench.ts).
 * A failure there is reported beside the figures already measured rather than losing them.
 */
async function runWallPart(minutes: number): Promise<{ result: WallBenchResult | null; note: string }> {
  const skipReason = minutes === 0 ? '--wall-minutes 0' : wallBenchSkipReason();
  if (skipReason !== null) return { result: null, note: `skipped: ${skipReason}` };
  try {
    return { result: await runWallBench({ ...defaultWallOptions, minutes }, cleanup), note: '' };
  } catch (error) {
    if (interrupted) throw error;
    process.exitCode = 1;
    return { result: null, note: `FAILED: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function run(options: BenchOptions): Promise<void> {
  const info = machine();
  const header = [
    `Kendali bench — ${info.date}`,
    `machine: ${info.cores} cores (${info.cpu}), node ${info.node}; broker and load generator share it`,
    `load: ${options.connections} connections (${options.client} client, ${options.payload} payloads), QoS1 window ${options.window}, warm-up ${options.warmupMs / 1000} s, measured ${options.measureMs / 1000} s per phase`,
  ];
  process.stderr.write(`${header.join('\n')}\n`);

  const loadAtStart = loadavg()[0] ?? 0;
  const results: PhaseResult[] = [];
  for (const phase of options.phases) {
    process.stderr.write(`phase ${phaseLabel(phase)}…\n`);
    const result = await runPhase(phase, options, cleanup);
    results.push(result);
    process.stderr.write(`  done: ${Math.round(result.ratePerSecond).toLocaleString('en-US')}/s\n`);
  }

  // The InfluxDB store's figures (pipeline vs raw line protocol, drain after an outage), same load settings.
  const influxSkip = options.influxRawLines === 0 ? '--influx-raw-lines 0' : existsSync(influxdProgram) ? null : `${influxdProgram} not found (apt-get install influxdb)`;
  const influx = influxSkip === null ? await runInfluxFigures(options, options.influxRawLines, cleanup) : null;
  // Ingest workers behind a private Mosquitto (external-figures.ts), same load settings, the rate paced.
  const externalSkip = options.externalRate === 0 ? '--external-rate 0' : externalSkipReason();
  const external =
    externalSkip === null
      ? await runExternalFigures({ connections: options.connections, window: options.window, warmupMs: options.warmupMs, measureMs: options.measureMs, seed: options.seed, rate: options.externalRate, store: 'auto' }, cleanup)
      : null;
  process.stderr.write('alarm latency…\n');
  const alarm = await measureAlarmLatency(30, 200, cleanup);
  if (options.stormDevices > 0) process.stderr.write(`connect storm, ${options.stormDevices.toLocaleString('en-US')} devices…\n`);
  const storm = options.stormDevices > 0 ? await runConnectStorm({ devices: options.stormDevices, seed: options.seed }, cleanup) : null;
  const exported = options.exportRows > 0 ? await runExportFigures(options.exportRows, Math.ceil(options.exportRows / 10), cleanup) : null;
  // The embedded store's roll-ups: ingest with and without them, history over a generated year.
  const rollups =
    options.rollupDays === 0 ? null : await runRollupFigures({ ...defaultRollupBenchOptions, seconds: options.measureMs / 1000, days: options.rollupDays }, cleanup);
  const loadAtEnd = loadavg()[0] ?? 0; // before the wall part, which adds its own load on purpose

  const wall = await runWallPart(options.wallMinutes);

  if (options.json) {
    const load = { atStart: loadAtStart, atEnd: loadAtEnd };
    const wallFigures = wall.result ? wallJson(wall.result) : { notRun: wall.note };
    process.stdout.write(`${JSON.stringify({ machine: { ...info, loadAverage1m: load }, options, results, ratios: ratios(results), paced: pacedFigures(results), influx, external: external ?? { notRun: externalSkip }, alarm, storm: storm ?? { notRun: '--storm-devices 0' }, rollups, export: exported, wall: wallFigures }, null, 2)}\n`);
    return;
  }
  const lines = [
    '',
    ...header,
    '',
    summaryTable(results),
    ratioLine(results),
    '',
    detailTable(results),
    '',
    'rate/s   messages completed per second: Kendali rows committed; bare Aedes messages through its publish path',
    'p50/p99  QoS1: publish→PUBACK in the load generator (a Kendali PUBACK means committed); QoS0: done-ts',
    'done-ts  completion (stored event / Aedes publish event) − payload ts, 1 ms clock; frame = frame.at − ts',
    `load average (1 min): ${loadAtStart.toFixed(2)} before the run, ${loadAtEnd.toFixed(2)} at its end (the bench adds ~2; more means other work shared the cores)`,
    'See bench/README.md for what each figure means.',
    '',
    ...pacedLines(results, options.connections),
    ...(influx ? influxLines(influx) : [`InfluxDB figures skipped: ${influxSkip ?? ''}`]),
    '',
    ...(external ? externalLines(external) : [`External-broker figures skipped: ${externalSkip}`]),
    '',
    ...alarmLatencyLines(alarm),
    '',
    ...(storm ? stormLines(storm) : ['Connect storm skipped: --storm-devices 0']),
    '',
    ...(rollups ? rollupLines(rollups) : ['Roll-up figures skipped: --rollup-days 0']),
    '',
    ...(exported ? exportLines(exported) : ['Export figures skipped: --export-rows 0']),
    ...warnings(results).map((warning) => `NOTE: ${warning}`),
    '',
    ...(wall.result ? wallLines(wall.result) : [`Wall figures ${wall.note}`]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

let interrupted = false;
function interrupt(signal: NodeJS.Signals): void {
  interrupted = true;
  process.stderr.write(`\n${signal}: stopping the load generator and closing brokers…\n`);
  void cleanup.runAll().finally(() => process.exit(130));
}
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);

try {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
  } else {
    await run(options);
  }
} catch (error) {
  if (interrupted) await new Promise(() => undefined); // interrupt() is cleaning up and exits
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof UsageError) process.stderr.write(`\n${usage}\n`);
  await cleanup.runAll();
  process.exitCode = 1;
}
