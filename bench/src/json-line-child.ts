import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { closeCommand } from './load-protocol';

interface JsonLineChildEvents<Message> {
  message: [Message];
}

/**
 * A bench script run in its own process, so its CPU and memory are not counted as the measured
 * process's. It speaks one JSON object a line on stdout; the parent holds its stdin open and writes
 * `close` there when the script may finish (the script exits when stdin closes: the bench is gone).
 */
export class JsonLineChild<Message> extends EventEmitter<JsonLineChildEvents<Message>> {
  /** Resolves once the process has exited and its stdout has been read to the end. */
  readonly closed: Promise<string>;
  readonly #process: ChildProcessByStdio<Writable, Readable, null>;

  /** `entry`: the script beside this file, e.g. `new URL('./load-generator.ts', import.meta.url)`. */
  constructor(entry: URL, settings: Readonly<Record<string, string | number>>) {
    super();
    const args = Object.entries(settings).flatMap(([name, value]) => [`--${name}`, String(value)]);
    // tsx resolved from here, so the child starts the same way whatever the working directory.
    this.#process = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fileURLToPath(entry), ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    createInterface({ input: this.#process.stdout }).on('line', (line) => {
      try {
        this.emit('message', JSON.parse(line) as Message);
      } catch {
        process.stderr.write(`${fileURLToPath(entry)}: ${line}\n`);
      }
    });
    // 'close' comes after the child's stdout ended, so every line has been heard by then.
    this.closed = new Promise((resolve) => this.#process.once('close', (code, signal) => resolve(String(signal ?? code))));
  }

  /** Lets the child finish (it closes its connections and reports). */
  release(): void {
    if (this.#process.stdin.writable) this.#process.stdin.write(`${closeCommand}\n`);
  }

  /** Ends the child if it is still running (idempotent). */
  kill(): void {
    if (this.#process.exitCode === null && this.#process.signalCode === null) this.#process.kill('SIGKILL');
  }
}
