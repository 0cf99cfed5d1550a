/**
 * Load generator: `pnpm simulate -- --url mqtt://127.0.0.1:1883 --devices 50 --rate 1 --duration 60`.
 * Progress goes to stderr every 5 s, the final summary to stdout.
 */
import { buildFleet } from './fleet';
import { parseCliOptions } from './cli-options';
import type { CliOptions } from './cli-options';
import { eventLogger, formatProgress, formatSummary } from './cli-report';
import { SimulatorError } from './errors';
import { registerFleet } from './register-fleet';
import { startSimulation } from './simulation';
import type { Simulation, SimulationSummary } from './simulation-types';

const progressIntervalMs = 5_000; // 5 seconds
const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

async function main(): Promise<number> {
  const options = parseCliOptions(process.argv.slice(2));
  const fleet = buildFleet({ devices: options.devices, seed: options.seed, city: options.city });
  const abort = new AbortController();
  let simulation: Simulation | undefined;
  let secrets: Map<string, string> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) process.exit(130); // a second Ctrl-C: stop waiting
    log(`${signal}: stopping`);
    abort.abort(new Error(`stopped by ${signal}`));
    void simulation?.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (options.apiUrl) {
      log(`registering ${fleet.length} devices with ${options.apiUrl}`);
      secrets = await registerFleet({ apiUrl: options.apiUrl, fleet, signal: abort.signal, ...(options.apiToken ? { token: options.apiToken } : {}) });
    }
    log(`connecting ${fleet.length} devices to ${options.url}`);
    simulation = await startSimulation({
      url: options.url,
      fleet,
      ratePerDeviceHz: options.ratePerDeviceHz,
      durationMs: options.durationMs,
      qos: options.qos,
      seed: options.seed,
      signal: abort.signal,
      onEvent: eventLogger(log),
      credentials: (device) => {
        const secret = secrets?.get(device.id);
        return secret === undefined ? undefined : { username: device.id, password: secret };
      },
    });
    if (abort.signal.aborted) void simulation.stop(); // the signal came as the last device connected
    log(`publishing at ${options.ratePerDeviceHz} Hz per device, QoS ${options.qos}${options.durationMs ? ` for ${options.durationMs / 1000} s` : ' until Ctrl-C'}`);
    const summary = await reportUntilDone(simulation, fleet.length);
    console.log(formatSummary(summary));
    return 0;
  } catch (error) {
    if (abort.signal.aborted && !(error instanceof SimulatorError)) {
      log('stopped before the fleet was connected');
      return 130;
    }
    console.error(`kendali-simulate: ${describeFailure(error, options)}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function reportUntilDone(simulation: Simulation, devices: number): Promise<SimulationSummary> {
  let previous = { acknowledged: 0, atMs: performance.now() };
  const timer = setInterval(() => {
    const stats = simulation.stats();
    const atMs = performance.now();
    log(formatProgress(stats, devices, ((stats.acknowledged - previous.acknowledged) / (atMs - previous.atMs)) * 1000));
    previous = { acknowledged: stats.acknowledged, atMs };
  }, progressIntervalMs);
  try {
    return await simulation.done;
  } finally {
    clearInterval(timer);
  }
}

/** One line naming the flag to change. */
function describeFailure(error: unknown, options: CliOptions): string {
  if (!(error instanceof SimulatorError)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'KENDALI_ERR_SIM_CONNECT':
      return `--url ${options.url}: ${error.message}`;
    case 'KENDALI_ERR_SIM_REGISTER':
      return `--api ${options.apiUrl ?? ''}: ${error.message}`;
    case 'KENDALI_ERR_SIM_OPTIONS':
      return error.message;
  }
}

process.exitCode = await main();
