import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startRealBroker, unusedPort } from './testing/real-broker';
import type { RealBroker } from './testing/real-broker';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `pnpm simulate` would (tsx), optionally sending SIGINT once stderr matches. */
function runCli(args: string[], interruptWhen?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (interruptWhen?.test(stderr)) {
        interruptWhen = undefined;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let running: RealBroker | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('kendali-simulate', { timeout: 30_000 }, () => {
  it('runs for --duration, prints one summary line to stdout and exits by itself', async () => {
    running = await startRealBroker();
    const run = await runCli(['--', '--url', running.url, '--devices', '5', '--rate', '5', '--duration', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^summary: devices 5 · sent (\d+) · acked \1 · rejected 0 · failed 0 · elapsed [\d.]+ s · [\d.]+ msg\/s\n$/);
    expect(run.stderr).toContain(`connecting 5 devices to ${running.url}`);
  });

  it('stops cleanly on SIGINT and still prints the summary', async () => {
    running = await startRealBroker();
    const run = await runCli(['--url', running.url, '--devices', '3', '--rate', '10'], /publishing at/);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('SIGINT: stopping');
    expect(run.stdout).toMatch(/^summary: devices 3 · sent (\d+) · acked \1 · /);
  });

  it('names --url in one line when nothing listens there', async () => {
    const url = `mqtt://127.0.0.1:${await unusedPort()}`;
    const run = await runCli(['--url', url, '--devices', '2', '--duration', '1']);
    expect(run.code).toBe(1);
    const errorLines = run.stderr.split('\n').filter((line) => line.startsWith('kendali-simulate:'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^kendali-simulate: --url mqtt:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it('names the flag when an option is invalid', async () => {
    const run = await runCli(['--devices', 'lots']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("option '--devices <count>' argument 'lots' is invalid. must be a whole number ≥ 1");
  });
});
