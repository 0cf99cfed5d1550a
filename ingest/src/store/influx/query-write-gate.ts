/**
 * Keeps a history query and a forwarded write from overlapping, so that a reading is counted
 * either from InfluxDB or from the spool, never from both and never from neither: a write and the
 * removal of its readings from the waiting index happen while no query runs. A waiting write goes
 * first (queries behind it wait up to `maxWaitMs`, then go ahead rather than hang on a server
 * that stopped answering, at the price of one batch perhaps counted twice).
 */
export class QueryWriteGate {
  #queries = 0;
  #writing: Promise<unknown> | undefined;
  #writerWaiting: Promise<unknown> | undefined;
  #idle: (() => void)[] = [];

  constructor(private readonly maxWaitMs: number) {}

  async write<T>(run: () => Promise<T>): Promise<T> {
    const turn = (async () => {
      while (this.#queries > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
      return run();
    })();
    this.#writerWaiting = turn;
    this.#writing = turn;
    try {
      return await turn;
    } finally {
      if (this.#writing === turn) this.#writing = undefined;
      if (this.#writerWaiting === turn) this.#writerWaiting = undefined;
    }
  }

  async query<T>(run: () => Promise<T>): Promise<T> {
    const ahead = this.#writing ?? this.#writerWaiting;
    if (ahead !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ahead.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, this.maxWaitMs)))]);
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
