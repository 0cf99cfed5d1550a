import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testAdminToken } from './api-client';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const exitWithParent = fileURLToPath(new URL('./exit-with-parent.ts', import.meta.url));
const waitingReportMs = 15_000; // how often `onWaiting` hears how long the start has taken

export interface RunningPlatform {
  readonly child: ChildProcess;
  readonly http: string;
  readonly mqtt: string;
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Everything the process printed (its last `keptOutputChars`), for failure messages. */
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
  /**
   * The platform stops itself (SIGTERM, as on Ctrl+C) once this process's end of its stdin closes,
   * so a parent that dies, even by SIGKILL, leaves no platform running (exit-with-parent.ts).
   */
  readonly stopWithParent?: boolean;
  /** After `stop()` signalled it, SIGKILL the platform if it has not exited within this many ms (default: wait). */
  readonly killAfterMs?: number;
  /** Keep only the last this many characters of the output (a long run); default: all of it. */
  readonly keptOutputChars?: number;
  /** Hears the seconds waited so far, every 15 s while the platform has not printed its addresses. */
  readonly onWaiting?: (seconds: number) => void;
}

/** The command `pnpm start` ends with: the root start script after its last `&&`. */
function startScriptCommand(): string {
  const { scripts } = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { scripts: { start: string } };
  return scripts.start.split('&&').at(-1)!.trim();
}

/** The flags `pnpm start` gives node (`--import tsx`, the heap's tuning), so a spawned platform runs as it does. */
function startScriptNodeFlags(): string[] {
  const words = startScriptCommand().split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('platform/src/main.ts'));
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
  const preload = options.stopWithParent ? ['--import', exitWithParent] : [];
  const [command, ...args] = options.asStartScript
    ? ['/bin/sh', '-c', startScriptCommand()]
    : [...wrapper, process.execPath, ...startScriptNodeFlags(), ...preload, 'platform/src/main.ts'];
  const child = spawn(command!, args, {
    cwd: repoRoot,
    detached: options.asStartScript === true,
    env: {
      ...process.env,
      KENDALI_HOST: '127.0.0.1',
      KENDALI_HTTP_PORT: '0',
      KENDALI_MQTT_PORT: '0',
      KENDALI_SIMULATE: '0',
      // The scheduled reports would read the real date; their own tests run them on an injected clock.
      KENDALI_REPORTS: 'off',
      KENDALI_LOG_LEVEL: 'warn',
      KENDALI_ADMIN_TOKEN: testAdminToken,
      ...env,
    },
    stdio: [options.stopWithParent ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const startedAt = Date.now();
  const waiting = setInterval(() => options.onWaiting?.(Math.round((Date.now() - startedAt) / 1000)), waitingReportMs);
  const signalled = (wait: Promise<number | null>) => {
    if (options.killAfterMs === undefined) return wait;
    const killer = setTimeout(() => signalPlatform(child, wrapper.length > 0, 'SIGKILL'), options.killAfterMs);
    return wait.finally(() => clearTimeout(killer));
  };
  let http: string | undefined;
  let mqtt: string | undefined;
  return new Promise<RunningPlatform>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`platform did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // An ingest worker (KENDALI_ROLE=ingest) has no wall: its health address says where it listens.
      http ??= /(?:Wall dashboard|Health):\s+(https?:\/\/[^/\s]+)\/(?:wall|healthz)/.exec(output)?.[1];
      mqtt ??= /MQTT \(TCP\):\s+(mqtt:\/\/\S+)/.exec(output)?.[1];
      if (options.keptOutputChars !== undefined) output = output.slice(-options.keptOutputChars);
      if (http && mqtt) {
        clearTimeout(timer);
        resolve({
          child,
          http,
          mqtt,
          exited,
          output: () => output,
          stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
            if (child.exitCode !== null || child.signalCode !== null) return exited;
            if (options.asStartScript) process.kill(-child.pid!, signal);
            else signalPlatform(child, wrapper.length > 0, signal);
            return signalled(exited);
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
  }).finally(() => clearInterval(waiting));
}
