/** Events per second over a sliding window, from a cumulative counter sampled on every tick. */
export class RateMeter {
  #count = 0;
  readonly #samples: { atMs: number; count: number }[] = [];

  constructor(private readonly windowMs: number) {}

  add(n = 1): void {
    this.#count += n;
  }

  get total(): number {
    return this.#count;
  }

  /** Records a sample and returns the rate per second over the window. */
  sample(nowMs: number): number {
    this.#samples.push({ atMs: nowMs, count: this.#count });
    while (this.#samples.length > 2 && (this.#samples[1]?.atMs ?? nowMs) <= nowMs - this.windowMs) this.#samples.shift();
    const oldest = this.#samples[0];
    if (oldest === undefined || oldest.atMs === nowMs) return 0;
    return ((this.#count - oldest.count) * 1000) / (nowMs - oldest.atMs);
  }
}
