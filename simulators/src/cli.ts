/**
 * `pnpm simulate -- --url mqtt://127.0.0.1:1883 --devices 50 --rate 1 --duration 60 [--scenario flood]`:
 * a simulated fleet, a load generator (--flat-out), a recorder (--record, --observe) or a replay
 * (--replay). Progress goes to stderr, the final summary to stdout.
 */
import { systemClock } from '@kendali/contracts';
import { parseCliOptions } from './cli-options';
import type { CliOptions } from './cli-options';
import { runFleet } from './cli-fleet';
import { runObserver, runReplay } from './cli-replay';
import type { CliLog } from './cli-report';
import { SimulatorError } from './errors';

const log: CliLog = (line) => {
  process.stderr.write(`${new Date(systemClock.now()).toISOString().slice(11, 19)} ${line}\n`);
};

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SimulatorError)) throw error;
    console.error(`kendali-simulate: ${error.message}`);
    return 1;
  }
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) process.exit(130); // a second Ctrl-C: stop waiting
    log(`${signal}: stopping`);
    abort.abort(new Error(`stopped by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (options.replayFile) return await runReplay(options, options.replayFile, abort.signal, log);
    if (options.observe) return await runObserver(options, abort.signal, log);
    return await runFleet(options, abort.signal, log);
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
