import { CleanupStack } from './cleanup-stack';

/**
 * Runs a `pnpm bench:*` entry: `body` measures and returns what to print on stdout. Ctrl+C or
 * SIGTERM runs the clean-up (children, platforms, temporary folders) and exits with 130; a failure
 * is printed as `name: message` on stderr, with exit code 1, after the clean-up.
 */
export async function runBenchEntry(name: string, body: (cleanup: CleanupStack) => Promise<string>): Promise<void> {
  const cleanup = new CleanupStack();
  const interrupt = () => void cleanup.runAll().finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    process.stdout.write(await body(cleanup));
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await cleanup.runAll();
  }
}
