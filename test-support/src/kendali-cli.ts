import { spawn } from 'node:child_process';
import { repoRoot } from './platform-process';

/**
 * Runs `pnpm kendali`'s entry point as its own process, as an administrator would, to its exit.
 * Its output is piped, so it prints as on CI (plain progress lines, no terminal escapes).
 */
export function runKendaliCli(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'platform/src/cli/kendali.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
