/**
 * Keeps history queries and forwarded writes from overlapping, so that a reading is counted
 * either from InfluxDB or from the spool, never from both and never from neither: a write and the
 * removal of its readings from the waiting index happen while no query runs. Writes may overlap
 * each other (the forwarder keeps two on their way). Waiting writes go first (a query behind them
 * waits up to `maxWaitMs`, then goes ahead rather than hang on a server that stopped answering, at
 * the price of a batch perhaps counted twice).
 */
export class QueryWriteGate {
  #queries = 0;
  readonly #writes = new Set<Promise<unknown>>();
  #idle: (() => void)[] = [];

  constructor(private readonly maxWaitMs: number) {}

  async write<T>(run: () => Promise<T>): Promise<T> {
    const turn = (async () => {
      while (this.#queries > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
      return run();
    })();
    this.#writes.add(turn);
    try {
      return await turn;
    } finally {
      this.#writes.delete(turn);
    }
  }

  async query<T>(run: () => Promise<T>): Promise<T> {
    if (this.#writes.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.#writes]), new Promise((resolve) => (timer = setTimeout(resolve, this.maxWaitMs)))]);
      clearTimeout(timer);
    }
    this.#queries++;
    try {
      return await run();
    } finally {
      this.#queries--;
      if (this.#queries === 0) for (const wake of this.#idle.splice(0)) wake();
    }
  }
}
