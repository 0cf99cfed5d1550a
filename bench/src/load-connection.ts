import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { LatencyHistogram } from './latency-histogram';
import type { Qos } from './load-protocol';
import type { PublishTransport } from './publish-transport';
import type { TelemetryPayloads } from './telemetry-payloads';

const pacingTickMs = 10; // a paced connection tops up its publishes every 10 ms

/** Where the run is, shared by every connection of the load generator. */
export interface LoadClock {
  measuring: boolean;
  stopping: boolean;
}

export interface LoadCounters {
  sent: number;
  acked: number;
  errors: number;
  windowSent: number;
  windowAcked: number;
}

/**
 * One device's connection publishing as fast as the broker accepts. QoS1: a window of
 * unacknowledged publishes, the next one sent as each PUBACK arrives. QoS0 has no ack, so the
 * socket is the back-pressure: publish while its buffer is below the high-water mark, else wait
 * for 'drain'.
 */
export class LoadConnection {
  #inFlight = 0;
  #owed = 0;
  #scheduled = false;
  #settle: (() => void) | undefined;
  #paced = false;

  constructor(
    private readonly transport: PublishTransport,
    private readonly payloads: TelemetryPayloads,
    private readonly clock: LoadClock,
    private readonly counters: LoadCounters,
    private readonly pubackLatency: LatencyHistogram,
  ) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Publishes until the clock says stop; resolves once what was sent has drained. With
   * `perSecond` > 0 (QoS1 only) it publishes at that pace instead of flat out, still never more
   * than `window` unacknowledged: for a broker that acknowledges before its subscribers have the
   * message, where flat out would only measure the broker's queues.
   */
  run(qos: Qos, window: number, perSecond = 0): Promise<void> {
    if (qos === 1 && perSecond > 0) return this.#runPacedQos1(window, perSecond);
    return new Promise((resolve) => {
      this.#settle = resolve;
      if (qos === 1) this.#scheduleQos1(window);
      else void this.#runQos0(window).then(resolve);
    });
  }

  async #runPacedQos1(window: number, perSecond: number): Promise<void> {
    this.#paced = true;
    const startedMs = performance.now();
    let published = 0;
    while (!this.clock.stopping && this.transport.connected) {
      const due = Math.floor(((performance.now() - startedMs) / 1000) * perSecond) - published;
      const count = Math.min(due, window - this.#inFlight);
      if (count > 0) {
        this.transport.socket.cork();
        for (let i = 0; i < count; i++) this.#publishQos1();
        this.transport.socket.uncork();
        published += count;
      }
      await sleep(pacingTickMs);
    }
    while (this.#inFlight > 0 && this.transport.connected) await sleep(pacingTickMs);
  }

  /**
   * PUBACKs arrive many to a read; publishing each replacement inside its ack callback costs one
   * write syscall per message, which made the generator, not the broker, the bottleneck. So acks
   * only count what is owed, and one turn later the owed publishes go out corked, in one write.
   */
  #scheduleQos1(count: number): void {
    this.#owed += count;
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.clock.stopping || !this.transport.connected) {
        this.#owed = 0;
        if (this.#inFlight === 0) this.#settle?.();
        return;
      }
      this.transport.socket.cork();
      for (; this.#owed > 0; this.#owed--) this.#publishQos1();
      this.transport.socket.uncork();
    });
  }

  #publishQos1(): void {
    const measured = this.clock.measuring;
    const startedMs = performance.now();
    this.#inFlight++;
    this.counters.sent++;
    if (measured) this.counters.windowSent++;
    this.transport.publish(this.payloads.next(), 1, (error) => {
      this.#inFlight--;
      if (error) {
        this.counters.errors++;
      } else {
        this.counters.acked++;
        if (this.clock.measuring) this.counters.windowAcked++;
        if (measured) this.pubackLatency.recordMs(performance.now() - startedMs);
      }
      if (this.#paced) return; // #runPacedQos1 tops up and settles by itself
      if (!error && !this.clock.stopping) this.#scheduleQos1(1);
      else if (this.#inFlight === 0) this.#settle?.();
    });
  }

  async #runQos0(burst: number): Promise<void> {
    const socket = this.transport.socket;
    while (!this.clock.stopping && this.transport.connected) {
      socket.cork();
      for (let i = 0; i < burst && !socket.writableNeedDrain; i++) {
        this.transport.publish(this.payloads.next(), 0);
        this.counters.sent++;
        if (this.clock.measuring) this.counters.windowSent++;
      }
      socket.uncork();
      // Yield either way, so timers (the clock, progress) and the other connections get a turn.
      if (socket.writableNeedDrain) await drainOrClose(socket);
      else await nextTurn();
    }
    // 'drain' fires only after a refused write, so poll until the socket has handed everything to the kernel.
    while (socket.writableLength > 0 && !socket.destroyed) await sleep(5);
  }
}

function drainOrClose(socket: PublishTransport['socket']): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}
