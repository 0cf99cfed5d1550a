import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testAdminToken } from './api-client';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningPlatform {
  readonly child: ChildProcess;
  readonly http: string;
  readonly mqtt: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no flushing, no goodbye. */
  kill(): Promise<void>;
}

/** The platform's own pid: the child itself, or the wrapper's only child. */
function signalPlatform(child: ChildProcess, wrapped: boolean, signal: NodeJS.Signals): void {
  if (!wrapped) {
    child.kill(signal);
    return;
  }
  const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  if (children.length === 0) child.kill(signal);
  for (const pid of children) process.kill(Number(pid), signal);
}

/**
 * Starts `platform/src/main.ts` as its own process on free ports (the way `pnpm start` runs it)
 * and resolves once it printed the addresses it bound.
 */
export function spawnPlatform(env: Record<string, string>, timeoutMs = 60_000, wrapper: readonly string[] = []): Promise<RunningPlatform> {
  // A wrapper (e.g. strace) runs the platform as its child: signals go to the platform itself.
  const [command, ...args] = [...wrapper, process.execPath, '--import', 'tsx', 'platform/src/main.ts'];
  const child = spawn(command!, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      KENDALI_HOST: '127.0.0.1',
      KENDALI_HTTP_PORT: '0',
      KENDALI_MQTT_PORT: '0',
      KENDALI_SIMULATE: '0',
      KENDALI_LOG_LEVEL: 'warn',
      KENDALI_ADMIN_TOKEN: testAdminToken,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`platform did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const http = /Wall dashboard:\s+(http:\/\/[^/\s]+)\/wall/.exec(output)?.[1];
      const mqtt = /MQTT \(TCP\):\s+(mqtt:\/\/\S+)/.exec(output)?.[1];
      if (http && mqtt) {
        clearTimeout(timer);
        resolve({
          child,
          http,
          mqtt,
          output: () => output,
          stop: async () => {
            signalPlatform(child, wrapper.length > 0, 'SIGTERM');
            return exited;
          },
          kill: async () => {
            signalPlatform(child, wrapper.length > 0, 'SIGKILL');
            await exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code} before it was ready:\n${output}`));
    });
  });
}
