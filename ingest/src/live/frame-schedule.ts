/**
 * When live frames are cut: every `intervalMs` (250 ms = 4 Hz), and sooner when something must not
 * wait for the next tick (an alarm raised or cleared), though never closer than `urgentGapMs` to the
 * frame before, so a storm of alarm changes still gives a bounded frame rate. After an early frame
 * the interval starts over.
 */
export class FrameSchedule {
  #timer: NodeJS.Timeout | undefined;
  #early: NodeJS.Timeout | undefined;
  /** performance.now() of the last frame cut (monotonic: only gaps are measured here). */
  #lastFrameMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly urgentGapMs: number,
    private readonly cut: () => void,
  ) {}

  start(): void {
    this.#timer ??= this.#every();
  }

  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#early);
    this.#timer = undefined;
    this.#early = undefined;
  }

  /** A frame as soon as the bound allows (nothing while stopped: then whoever drives the frames decides). */
  soon(): void {
    if (this.#timer === undefined || this.#early !== undefined) return;
    const waitMs = Math.max(0, this.#lastFrameMs + this.urgentGapMs - performance.now());
    this.#early = setTimeout(() => {
      this.#early = undefined;
      clearInterval(this.#timer);
      this.#timer = this.#every();
      this.#cut();
    }, waitMs);
  }

  #every(): NodeJS.Timeout {
    return setInterval(() => this.#cut(), this.intervalMs);
  }

  #cut(): void {
    this.#lastFrameMs = performance.now();
    this.cut();
  }
}
