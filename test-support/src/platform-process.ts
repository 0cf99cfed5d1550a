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
  /**
   * Sends `signal` (SIGTERM unless told) and waits for the exit code. Started `asStartScript`, the
   * signal goes to the whole process group, as Ctrl+C in a terminal does.
   */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL: no flushing, no goodbye. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  readonly timeoutMs?: number;
  /**
   * Runs the last command of the root `start` script through `sh -c`, as pnpm does, in a process
   * group of its own (the build step before it is left out).
   */
  readonly asStartScript?: boolean;
  /** A program that runs the platform as its child (e.g. strace); signals go to the platform itself. */
  readonly wrapper?: readonly string[];
}

/** The command `pnpm start` ends with: the root start script after its last `&&`. */
function startScriptCommand(): string {
  const { scripts } = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { scripts: { start: string } };
  return scripts.start.split('&&').at(-1)!.trim();
}

/** Signals the platform: the child itself, or the wrapper's child. */
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
export function spawnPlatform(env: Record<string, string>, options: SpawnOptions = {}): Promise<RunningPlatform> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const wrapper = options.wrapper ?? [];
  const [command, ...args] = options.asStartScript
    ? ['/bin/sh', '-c', startScriptCommand()]
    : [...wrapper, process.execPath, '--import', 'tsx', 'platform/src/main.ts'];
  const child = spawn(command!, args, {
    cwd: repoRoot,
    detached: options.asStartScript === true,
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
          stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
            if (child.exitCode !== null || child.signalCode !== null) return exited;
            if (options.asStartScript) process.kill(-child.pid!, signal);
            else signalPlatform(child, wrapper.length > 0, signal);
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
