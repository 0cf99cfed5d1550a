interface Entry {
  readonly records: readonly Buffer[];
  written: boolean;
  readonly left: Promise<void>;
  readonly leave: () => void;
}

/**
 * Lets forwarded batches leave the waiting index in spool order. With two writes on their way at
 * once InfluxDB may confirm the later batch first; the index drops records from its front, so that
 * batch waits until every batch before it is confirmed too, and then all of them leave together.
 * A batch sent again after a failure is the same array, so it keeps its place.
 */
export class ForwardedInOrder {
  readonly #queue: Entry[] = [];

  constructor(private readonly leave: (records: number) => void) {}

  /** A batch is about to be written, in spool order. */
  sending(records: readonly Buffer[]): void {
    if (this.#queue.some((entry) => entry.records === records)) return;
    let leave = () => {};
    const left = new Promise<void>((resolve) => (leave = resolve));
    this.#queue.push({ records, written: false, left, leave });
  }

  /** The batch reached InfluxDB (or was set aside for good); resolves once it has left the index. */
  written(records: readonly Buffer[]): Promise<void> {
    const entry = this.#queue.find((candidate) => candidate.records === records);
    if (entry === undefined) {
      this.leave(records.length);
      return Promise.resolve();
    }
    entry.written = true;
    for (let head = this.#queue[0]; head?.written === true; head = this.#queue[0]) {
      this.#queue.shift();
      this.leave(head.records.length);
      head.leave();
    }
    return entry.left;
  }
}
