import { setMaxListeners } from 'node:events';
import { connectDevice } from './device-link';
import type { DeviceLink } from './device-link';
import { SimulatorError } from './errors';
import { derivedRandom, mulberry32, uniform } from './prng';
import type { Simulation, SimulationCounters, SimulationOptions, SimulationSummary } from './simulation-types';

const mqttProtocols = ['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'];
const defaults = {
  qos: 1,
  seed: 1,
  connectConcurrency: 50,
  connectTimeoutMs: 10_000, // 10 seconds
  reconnectPeriodMs: 1_000, // 1 second
  stopTimeoutMs: 5_000, // 5 seconds
} as const;

/**
 * Connects every device of the fleet as its own MQTT client (in batches, so a thousand devices
 * connect smoothly), then publishes telemetry from each at `ratePerDeviceHz`, start times spread
 * over one period so the fleet does not publish in lockstep. Rejects if any device fails its
 * first connection, after closing those already connected.
 */
export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  validate(options);
  const qos = options.qos ?? defaults.qos;
  const seed = options.seed ?? defaults.seed;
  const concurrency = options.connectConcurrency ?? defaults.connectConcurrency;
  const stopTimeoutMs = options.stopTimeoutMs ?? defaults.stopTimeoutMs;
  const periodMs = 1000 / options.ratePerDeviceHz;
  const onEvent = options.onEvent ?? (() => undefined);
  const counters: SimulationCounters = { connected: 0, sent: 0, acknowledged: 0, failed: 0, rejected: 0 };

  // Every connecting device listens for the abort: one internal signal per start, sized for a batch.
  const connecting = new AbortController();
  setMaxListeners(concurrency + 10, connecting.signal);
  const abortConnecting = (): void => connecting.abort(options.signal?.reason);
  if (options.signal?.aborted) abortConnecting();
  options.signal?.addEventListener('abort', abortConnecting, { once: true });

  const links: DeviceLink[] = [];
  try {
    for (let first = 0; first < options.fleet.length; first += concurrency) {
      connecting.signal.throwIfAborted();
      const batch = options.fleet.slice(first, first + concurrency);
      const results = await Promise.allSettled(
        batch.map((device) =>
          connectDevice({
            url: options.url,
            device,
            credentials: options.credentials?.(device),
            qos,
            periodMs,
            random: derivedRandom(seed, `readings:${device.id}`),
            counters,
            onEvent,
            connectTimeoutMs: options.connectTimeoutMs ?? defaults.connectTimeoutMs,
            reconnectPeriodMs: options.reconnectPeriodMs ?? defaults.reconnectPeriodMs,
            signal: connecting.signal,
          }),
        ),
      );
      for (const result of results) if (result.status === 'fulfilled') links.push(result.value);
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    }
  } catch (error) {
    for (const link of links) link.destroy();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abortConnecting);
  }

  const stagger = mulberry32(seed);
  for (const link of links) link.startPublishing(uniform(stagger, 0, periodMs));
  const startedAtMs = performance.now();

  let resolveDone: (summary: SimulationSummary) => void = () => undefined;
  const done = new Promise<SimulationSummary>((resolve) => {
    resolveDone = resolve;
  });
  let durationTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearTimeout(durationTimer);
      const elapsedMs = performance.now() - startedAtMs;
      await Promise.all(links.map((link) => link.stop(stopTimeoutMs)));
      const { connected: _connected, ...totals } = counters;
      resolveDone({
        devices: links.length,
        elapsedMs: Math.round(elapsedMs),
        ...totals,
        acknowledgedPerSecond: elapsedMs > 0 ? Math.round((totals.acknowledged / elapsedMs) * 1000 * 10) / 10 : 0,
      });
    })();
    return stopping;
  };
  if (options.durationMs) durationTimer = setTimeout(() => void stop(), options.durationMs);

  return { stats: () => ({ ...counters }), stop, done };
}

function validate(options: SimulationOptions): void {
  const invalid = (message: string): never => {
    throw new SimulatorError('KENDALI_ERR_SIM_OPTIONS', message);
  };
  let protocol: string | undefined;
  try {
    protocol = new URL(options.url).protocol;
  } catch {
    invalid(`url "${options.url}" is not a URL; expected e.g. mqtt://127.0.0.1:1883`);
  }
  if (!mqttProtocols.includes(protocol ?? '')) {
    invalid(`url "${options.url}" is not an MQTT URL; use mqtt://, mqtts://, ws:// or wss://`);
  }
  if (!(options.ratePerDeviceHz > 0) || !Number.isFinite(options.ratePerDeviceHz)) {
    invalid(`ratePerDeviceHz must be a positive number, got ${options.ratePerDeviceHz}`);
  }
  if (options.durationMs !== undefined && !(options.durationMs >= 0 && Number.isFinite(options.durationMs))) {
    invalid(`durationMs must be 0 or more, got ${options.durationMs}`);
  }
  if (options.qos !== undefined && options.qos !== 0 && options.qos !== 1) invalid(`qos must be 0 or 1, got ${String(options.qos)}`);
  const concurrency = options.connectConcurrency;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    invalid(`connectConcurrency must be a whole number ≥ 1, got ${concurrency}`);
  }
  const ids = new Set<string>();
  for (const device of options.fleet) {
    if (ids.has(device.id)) invalid(`device id ${device.id} appears twice in the fleet; MQTT client ids must be unique`);
    ids.add(device.id);
  }
}
