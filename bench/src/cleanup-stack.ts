type Task = () => unknown;

/**
 * What must be undone if the bench is interrupted (children, servers, temp directories). Each
 * phase adds its resources and removes them once it has released them itself; Ctrl+C runs the
 * rest, newest first.
 */
export class CleanupStack {
  readonly #tasks: Task[] = [];

  /** Registers a task; returns a function that releases it normally (runs and unregisters it). */
  add(task: Task): () => Promise<void> {
    this.#tasks.push(task);
    return async () => {
      const index = this.#tasks.indexOf(task);
      if (index === -1) return;
      this.#tasks.splice(index, 1);
      await task();
    };
  }

  async runAll(): Promise<void> {
    while (this.#tasks.length > 0) {
      const task = this.#tasks.pop() as Task;
      try {
        await task();
      } catch (error) {
        process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }
}
