import { JsonLineChild } from './json-line-child';
import type { LoadMessage, LoadResult, LoadSettings } from './load-protocol';

const entry = new URL('./load-generator.ts', import.meta.url);
const graceMs = 20_000; // connecting and drain on top of the phase's own time

/** The load generator running in its own process; see load-generator.ts. */
export class LoadChild extends JsonLineChild<LoadMessage> {
  readonly result: Promise<LoadResult>;

  constructor(settings: LoadSettings) {
    super(entry, {
      url: settings.url,
      client: settings.client,
      payload: settings.payload,
      qos: settings.qos,
      connections: settings.connections,
      window: settings.window,
      rate: settings.rate ?? 0,
      'warmup-ms': settings.warmupMs,
      'measure-ms': settings.measureMs,
      'drain-ms': settings.drainMs,
      'release-ms': settings.releaseMs,
      seed: settings.seed,
    });
    const deadline = settings.warmupMs + settings.measureMs + settings.drainMs + settings.releaseMs + graceMs;
    this.result = new Promise<LoadResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`load generator did not finish within ${deadline} ms`));
      }, deadline);
      this.on('message', (message) => {
        if (message.type === 'result') resolve(message.result);
        if (message.type === 'failed') reject(new Error(`load generator failed: ${message.message}`));
      });
      // A result line has been read by the time the process is closed, and wins.
      void this.closed.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`load generator exited (${exit}) without a result`));
      });
    });
  }
}
