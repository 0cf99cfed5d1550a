import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { closeCommand, type LoadMessage, type LoadResult, type LoadSettings } from './load-protocol';

interface LoadChildEvents {
  message: [LoadMessage];
}

const entry = fileURLToPath(new URL('./load-generator.ts', import.meta.url));
const graceMs = 20_000; // connecting and drain on top of the phase's own time

/** The load generator running in its own process; see load-generator.ts. */
export class LoadChild extends EventEmitter<LoadChildEvents> {
  readonly result: Promise<LoadResult>;
  readonly #process: ChildProcessByStdio<Writable, Readable, null>;

  constructor(settings: LoadSettings) {
    super();
    const args = Object.entries({
      url: settings.url,
      client: settings.client,
      payload: settings.payload,
      qos: settings.qos,
      connections: settings.connections,
      window: settings.window,
      rate: settings.rate ?? 0,
      'warmup-ms': settings.warmupMs,
      'measure-ms': settings.measureMs,
      'drain-ms': settings.drainMs,
      'release-ms': settings.releaseMs,
      seed: settings.seed,
    }).flatMap(([name, value]) => [`--${name}`, String(value)]);
    // tsx resolved from here, so the child starts the same way whatever the working directory.
    this.#process = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), entry, ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: this.#process.stdout });
    lines.on('line', (line) => {
      try {
        this.emit('message', JSON.parse(line) as LoadMessage);
      } catch {
        process.stderr.write(`load generator: ${line}\n`);
      }
    });
    const deadline = settings.warmupMs + settings.measureMs + settings.drainMs + settings.releaseMs + graceMs;
    this.result = new Promise<LoadResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`load generator did not finish within ${deadline} ms`));
      }, deadline);
      this.on('message', (message) => {
        if (message.type === 'result') resolve(message.result);
        if (message.type === 'failed') reject(new Error(`load generator failed: ${message.message}`));
      });
      // 'close' comes after the child's stdout ended, so a result line has been read by then and wins.
      this.#process.once('close', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`load generator exited (${signal ?? code}) without a result`));
      });
    });
  }

  /** Lets the child close its connections and report (after it said 'stopped'). */
  release(): void {
    if (this.#process.stdin.writable) this.#process.stdin.write(`${closeCommand}\n`);
  }

  /** Ends the child if it is still running (idempotent). */
  kill(): void {
    if (this.#process.exitCode === null && this.#process.signalCode === null) this.#process.kill('SIGKILL');
  }
}
