import type { Socket } from 'node:net';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { MqttClient } from 'mqtt';
import type { LatencyHistogram } from './latency-histogram';
import type { Qos } from './load-protocol';
import type { TelemetryPayloads } from './telemetry-payloads';

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
  #settle: (() => void) | undefined;

  constructor(
    private readonly client: MqttClient,
    private readonly topic: string,
    private readonly payloads: TelemetryPayloads,
    private readonly clock: LoadClock,
    private readonly counters: LoadCounters,
    private readonly pubackLatency: LatencyHistogram,
  ) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Publishes until the clock says stop; resolves once what was sent has drained. */
  run(qos: Qos, window: number): Promise<void> {
    return new Promise((resolve) => {
      this.#settle = resolve;
      if (qos === 1) for (let i = 0; i < window; i++) this.#publishQos1();
      else void this.#runQos0(window).then(resolve);
    });
  }

  #publishQos1(): void {
    const measured = this.clock.measuring;
    const startedMs = performance.now();
    this.#inFlight++;
    this.counters.sent++;
    if (measured) this.counters.windowSent++;
    this.client.publish(this.topic, this.payloads.next(), { qos: 1 }, (error) => {
      this.#inFlight--;
      if (error) {
        this.counters.errors++;
      } else {
        this.counters.acked++;
        if (this.clock.measuring) this.counters.windowAcked++;
        if (measured) this.pubackLatency.recordMs(performance.now() - startedMs);
      }
      if (!error && !this.clock.stopping && this.client.connected) this.#publishQos1();
      else if (this.#inFlight === 0) this.#settle?.();
    });
  }

  async #runQos0(burst: number): Promise<void> {
    const socket = this.client.stream as Socket;
    while (!this.clock.stopping && this.client.connected) {
      for (let i = 0; i < burst && !socket.writableNeedDrain; i++) {
        this.client.publish(this.topic, this.payloads.next(), { qos: 0 });
        this.counters.sent++;
        if (this.clock.measuring) this.counters.windowSent++;
      }
      // Yield either way, so timers (the clock, progress) and the other connections get a turn.
      if (socket.writableNeedDrain) await drainOrClose(socket);
      else await nextTurn();
    }
    // 'drain' fires only after a refused write, so poll until the socket has handed everything to the kernel.
    while (socket.writableLength > 0 && !socket.destroyed) await sleep(5);
  }
}

function drainOrClose(socket: Socket): Promise<void> {
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
