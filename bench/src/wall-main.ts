/**
 * `pnpm bench:wall`: only the wall part of `pnpm bench` (see wall-bench.ts) — /wall in headless
 * Chromium against the platform with 5,000 simulated devices, frame times and JS heap each minute
 * for 10 minutes by default. Prints figures, no thresholds.
 */
import { CleanupStack } from './cleanup-stack';
import { runWallBench, wallBenchSkipReason } from './wall-bench';
import { parseWallOptions, wallUsage, WallUsageError } from './wall-options';
import { wallJson, wallLines } from './wall-report';

const cleanup = new CleanupStack();
let interrupted = false;
function interrupt(signal: NodeJS.Signals): void {
  interrupted = true;
  process.stderr.write(`\n${signal}: closing Chromium and stopping the platform…\n`);
  void cleanup.runAll().finally(() => process.exit(130));
}
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);

try {
  const options = parseWallOptions(process.argv.slice(2));
  const skip = wallBenchSkipReason();
  if (options === 'help') {
    process.stdout.write(`${wallUsage}\n`);
  } else if (skip !== null) {
    process.stdout.write(`wall bench skipped: ${skip}\n`);
  } else {
    const result = await runWallBench(options, cleanup);
    process.stdout.write(options.json ? `${JSON.stringify(wallJson(result), null, 2)}\n` : `\n${wallLines(result).join('\n')}\n`);
  }
} catch (error) {
  if (interrupted) await new Promise(() => undefined); // interrupt() is cleaning up and exits
  process.stderr.write(`bench:wall: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof WallUsageError) process.stderr.write(`\n${wallUsage}\n`);
  process.exitCode = 1;
} finally {
  if (!interrupted) await cleanup.runAll();
}
