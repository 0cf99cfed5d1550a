import { EventEmitter } from 'node:events';
import type { Spool } from './spool';
import type { SpoolBatch } from './spool-reader';

/** Where the spool's records go: a confirmed write resolves, anything else rejects. */
export interface SpoolSink {
  write(records: readonly Buffer[]): Promise<void>;
  /** A cheap request that fails the way a write would (bad address, credentials, database). */
  probe(): Promise<void>;
  /** Keeps records the sink refused for good somewhere durable, before they leave the spool. */
  quarantine(records: readonly Buffer[]): Promise<void>;
}

/**
 * Why a write failed, as the operator should read it. `refused`: the sink can never take these
 * records. `down`: the sink did not answer at all, so the write is tried again as soon as a probe
 * gets an answer, not after a back-off (an overloaded sink that answers with errors gets the back-off).
 */
export interface SinkProblem {
  readonly kind: string;
  readonly detail: string;
  readonly refused: boolean;
  readonly down: boolean;
}

export interface ForwarderOptions {
  readonly batchRecords: number;
  readonly batchBytes: number;
  /** Batches on their way to a healthy sink at once (the sink must take that many writes at a time). */
  readonly maxInFlight: number;
  /** Wait before trying again after the sink gave up on a batch (or a probe failed), ms. */
  readonly retryDelayMs: number;
  /** While idle, how often to check the sink is still there, ms. */
  readonly idleProbeMs: number;
  /** While the sink is down, how often to probe it, ms: its first answer lets the writes go on. */
  readonly downProbeMs: number;
  readonly describe: (error: unknown) => SinkProblem;
}

export interface ForwarderHealth {
  readonly ok: boolean;
  /** The problem's kind while failing ('ok' otherwise): a change of it is a change of state. */
  readonly state: string;
  readonly detail: string;
}

interface ForwarderEvents {
  /** The state changed (one event per change, not per failed attempt). */
  health: [ForwarderHealth];
  /** Records the sink refused for good (e.g. HTTP 400): quarantined, then acknowledged so they do not block the rest. */
  refused: [count: number, detail: string];
}

/** A batch read from the spool and sent once; its first attempt settles to the error, or undefined once written. */
interface Sending {
  readonly batch: SpoolBatch;
  readonly firstAttempt: Promise<unknown>;
  /** `#recoveries` when it was sent: a failure from before a recovery is old news. */
  readonly sentAtRecovery: number;
}

/**
 * Drains the spool into the sink in batches and acknowledges a batch (which advances the
 * checkpoint) only after the sink confirmed it, in spool order. While the sink is healthy up to
 * `maxInFlight` batches are on their way at once, so the sink works on one while the next is read
 * and sent (InfluxDB takes a write per core); after a failure batches go one at a time until one
 * goes through. A failed batch is kept and sent again until it goes through, so nothing leaves the
 * spool unconfirmed; a restart replays from the checkpoint, which makes the sink see some records
 * twice — harmless for an idempotent sink.
 */
export class SpoolForwarder extends EventEmitter<ForwarderEvents> {
  #health: ForwarderHealth = { ok: false, state: 'starting', detail: 'connecting to the store' };
  #forwarded = 0;
  #failedAttempts = 0;
  #stopped = false;
  #wake: (() => void) | undefined;
  /** The last failure was the sink not answering (`SinkProblem.down`). */
  #down = false;
  #loop: Promise<void> | undefined;
  /** Batches sent and not yet acknowledged, in spool order. */
  readonly #sending: Sending[] = [];
  /** Times the sink came back after failing. */
  #recoveries = 0;

  constructor(
    private readonly spool: Spool,
    private readonly sink: SpoolSink,
    private readonly options: ForwarderOptions,
  ) {
    super();
  }

  get health(): ForwarderHealth {
    return this.#health;
  }

  /** Records confirmed by the sink since start. */
  get forwarded(): number {
    return this.#forwarded;
  }

  /** Failed attempts (each retry counts). */
  get failedAttempts(): number {
    return this.#failedAttempts;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Ends the loop; a batch in flight stays unacknowledged (replayed on the next start). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
  }

  /** A failed attempt seen by the sink while it retries on its own. */
  attemptFailed(error: unknown): void {
    this.#failedAttempts++;
    const problem = this.options.describe(error);
    if (!problem.refused) this.#setHealth({ ok: false, state: problem.kind, detail: problem.detail });
  }

  async #run(): Promise<void> {
    await this.#probe();
    while (!this.#stopped) {
      try {
        await this.#step();
      } catch (error) {
        // The spool itself failed (a damaged segment, a full disk for the checkpoint): say so, try again.
        this.#setHealth({ ok: false, state: 'spool', detail: `the spool failed: ${error instanceof Error ? error.message : String(error)}; retrying` });
        await this.#sleep(this.options.retryDelayMs);
      }
    }
  }

  async #step(): Promise<void> {
    const seen = this.spool.commits;
    while (this.#sending.length < (this.#health.ok ? this.options.maxInFlight : 1)) {
      const batch = await this.spool.read(this.options.batchRecords, this.options.batchBytes);
      if (batch === undefined) break;
      this.#sending.push({ batch, firstAttempt: this.#write(batch), sentAtRecovery: this.#recoveries });
    }
    const oldest = this.#sending.shift();
    if (oldest !== undefined) {
      await this.#forward(oldest);
    } else if (this.#health.ok) {
      const idle = await this.#sleep(this.options.idleProbeMs, this.spool.commitAfter(seen));
      if (idle) await this.#probe();
    } else if (this.#down) {
      await this.#untilAnswered();
    } else {
      await this.#sleep(this.options.retryDelayMs);
      await this.#probe();
    }
  }

  /** Sees a sent batch through: sent again after each failure (one retry at a time), then acknowledged. */
  async #forward({ batch, firstAttempt, sentAtRecovery }: Sending): Promise<void> {
    let failure = await firstAttempt;
    if (failure !== undefined && this.#recoveries > sentAtRecovery && !this.#stopped) {
      // It failed with the batch before it, and the sink has come back since: no news, send it again now.
      this.#failedAttempts++;
      failure = await this.#write(batch);
    }
    while (failure !== undefined) {
      if (this.#stopped) return;
      const problem = this.options.describe(failure);
      if (problem.refused) {
        await this.sink.quarantine(batch.records);
        this.emit('refused', batch.records.length, problem.detail);
        break;
      }
      this.#failedAttempts++;
      this.#setHealth({ ok: false, state: problem.kind, detail: problem.detail });
      this.#down = problem.down;
      if (problem.down) await this.#untilAnswered();
      else await this.#sleep(this.options.retryDelayMs);
      if (this.#stopped) return;
      failure = await this.#write(batch);
    }
    await this.spool.acknowledge(batch);
    this.#forwarded += batch.records.length;
    this.#setHealth({ ok: true, state: 'ok', detail: 'writing' });
  }

  /** One attempt at a batch: undefined once the sink confirmed it, else what failed. */
  #write(batch: SpoolBatch): Promise<unknown> {
    return this.sink.write(batch.records).then(
      () => undefined,
      (error: unknown) => error ?? new Error('the write failed'),
    );
  }

  async #probe(): Promise<boolean> {
    try {
      await this.sink.probe();
      this.#down = false;
      this.#setHealth({ ok: true, state: 'ok', detail: 'writing' });
      return true;
    } catch (error) {
      this.#down = this.options.describe(error).down;
      this.attemptFailed(error);
      return false;
    }
  }

  /** Probes the sink every `downProbeMs` until it answers (or it stops being down, or the forwarder stops). */
  async #untilAnswered(): Promise<void> {
    while (!this.#stopped) {
      await this.#sleep(this.options.downProbeMs);
      if ((await this.#probe()) || !this.#down) return;
    }
  }

  /** Resolves true after `ms`, false when woken earlier (by `also`, or by stop). */
  #sleep(ms: number, also?: Promise<void>): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      let settled = false;
      const timer = setTimeout(() => done(true), ms);
      const done = (elapsed: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#wake = undefined;
        resolve(elapsed);
      };
      this.#wake = () => done(false);
      void also?.then(() => done(false));
    });
  }

  #setHealth(next: ForwarderHealth): void {
    const changed = next.state !== this.#health.state;
    if (next.ok && !this.#health.ok) this.#recoveries++;
    this.#health = next;
    if (changed) this.emit('health', next);
  }
}
