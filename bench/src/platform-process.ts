import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const exitWithParent = fileURLToPath(new URL('./exit-with-parent.ts', import.meta.url));
const stopGraceMs = 20_000; // flushing and closing DuckDB; after this the platform is SIGKILLed
const outputKeptChars = 20_000; // the tail shown when something fails

export interface PlatformProcess {
  readonly pid: number;
  /** Base URL of the HTTP server (API, dashboard, /metrics). */
  readonly http: string;
  /** Resolves with the exit code or signal once the process has exited. */
  readonly exited: Promise<string>;
  /** The last lines the process printed, for failure messages. */
  outputTail(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 20 s. */
  stop(): Promise<void>;
}

/**
 * Starts `platform/src/main.ts` as its own process (the way `pnpm start` runs it), loopback only,
 * on free ports, and resolves once it printed the address it bound. It prints that only after its
 * built-in simulators registered and connected the fleet, so `startupLimitMs` covers that too.
 * `onWaiting` is called every 15 s meanwhile, with the seconds waited so far.
 */
export async function startPlatformProcess(env: Readonly<Record<string, string>>, startupLimitMs: number, onWaiting: (seconds: number) => void): Promise<PlatformProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--import', exitWithParent, 'platform/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, KENDALI_HOST: '127.0.0.1', KENDALI_HTTP_PORT: '0', KENDALI_MQTT_PORT: '0', KENDALI_LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-outputKeptChars);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    await exited;
    clearTimeout(timer);
  };

  const startedAt = Date.now();
  const progress = setInterval(() => onWaiting(Math.round((Date.now() - startedAt) / 1000)), 15_000);
  try {
    const http = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the platform did not print its address within ${startupLimitMs / 1000} s`)), startupLimitMs);
      const onData = () => {
        const address = /Wall dashboard:\s+(http:\/\/[^/\s]+)\/wall/.exec(output)?.[1];
        if (address === undefined) return;
        clearTimeout(timer);
        resolve(address);
      };
      child.stdout?.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the platform exited (${code}) before it was ready`));
      });
    });
    return { pid: child.pid ?? -1, http, exited, outputTail: () => output, stop };
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}; its output:\n${output.trim() || '(nothing)'}`, { cause: error });
  } finally {
    clearInterval(progress);
  }
}
