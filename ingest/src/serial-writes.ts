/**
 * The writes of one database connection, one after another: each starts once the one before it
 * has ended, whether it succeeded or failed, so a failed write never blocks those behind it.
 */
export class SerialWrites {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(write: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(write, write);
    this.#tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every write queued so far has ended (reads then see them; a close waits for them). */
  settled(): Promise<unknown> {
    return this.#tail;
  }
}
