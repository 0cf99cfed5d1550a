import { setMaxListeners } from 'node:events';
import { kotaTangerang } from '@kendali/contracts';
import { exponentialBackoff } from './backoff';
import { connectDevice } from './device-link';
import type { DeviceLink } from './device-link';
import { runDevice } from './device-runner';
import type { DeviceRunner } from './device-runner';
import { SimulatorError } from './errors';
import { stopLinks } from './fleet-stop';
import { derivedRandom, hashString, mulberry32, uniform } from './prng';
import { planScenarios } from './scenarios/scenario-plan';
import { createSimClock, maxDrillPace } from './sim-clock';
import type { Simulation, SimulationCounters, SimulationOptions, SimulationSummary } from './simulation-types';

const mqttProtocols = ['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'];
const defaults = {
  qos: 1,
  seed: 1,
  connectConcurrency: 50,
  connectTimeoutMs: 10_000, // 10 seconds
  reconnectPeriodMs: 1_000, // 1 second, doubling
  maxReconnectPeriodMs: 60_000, // 1 minute
  stopTimeoutMs: 5_000, // 5 seconds without an acknowledgement
  maxBufferedMessages: 100, // a small device's flash buffer
} as const;

/**
 * Connects every device of the fleet as its own MQTT client (in batches, so thousands of devices
 * connect smoothly), then lets each publish on its schedule: at `ratePerDeviceHz` with start times
 * spread over one period, or flat out. Drills (`scenarios`) shape the readings and cut power.
 * Rejects if any device fails its first connection, after closing those already connected.
 */
export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  validate(options);
  const qos = options.qos ?? defaults.qos;
  const seed = options.seed ?? defaults.seed;
  const concurrency = options.connectConcurrency ?? defaults.connectConcurrency;
  const stopTimeoutMs = options.stopTimeoutMs ?? defaults.stopTimeoutMs;
  const periodMs = 1000 / options.ratePerDeviceHz;
  const onEvent = options.onEvent ?? (() => undefined);
  const counters: SimulationCounters = { connected: 0, sent: 0, acknowledged: 0, failed: 0, rejected: 0, reconnects: 0 };
  const plan = planScenarios({
    fleet: options.fleet,
    city: options.city ?? kotaTangerang,
    seed,
    scenarios: options.scenarios ?? [],
    ...(options.blackoutDistrict ? { blackoutDistrict: options.blackoutDistrict } : {}),
  });

  // Every connecting device listens for the abort: one internal signal per start, sized for a batch.
  const connecting = new AbortController();
  setMaxListeners(concurrency + 10, connecting.signal);
  const abortConnecting = (): void => connecting.abort(options.signal?.reason);
  if (options.signal?.aborted) abortConnecting();
  options.signal?.addEventListener('abort', abortConnecting, { once: true });

  const connectStartedMs = performance.now();
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
            counters,
            onEvent,
            connectTimeoutMs: options.connectTimeoutMs ?? defaults.connectTimeoutMs,
            backoff: exponentialBackoff({
              initialMs: options.reconnectPeriodMs ?? defaults.reconnectPeriodMs,
              maxMs: options.maxReconnectPeriodMs ?? defaults.maxReconnectPeriodMs,
              random: derivedRandom(seed, `backoff:${device.id}`),
            }),
            maxBufferedMessages: defaults.maxBufferedMessages,
            tap: options.tap,
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
  const connectMs = Math.round(performance.now() - connectStartedMs);

  const clock = createSimClock({
    speed: options.speed ?? 1,
    drillPace: options.drillPace ?? 1,
    ...(options.clockStartMs === undefined ? {} : { startSimMs: options.clockStartMs }),
    ...(options.clock === undefined ? {} : { wall: options.clock }),
  });
  const stagger = mulberry32(seed);
  const senmlShare = options.senmlShare ?? 0;
  const failCommands = new Set(options.failCommands ?? []);
  const ignoreSettings = new Set(options.ignoreSettings ?? []);
  const fleetById = new Map(options.fleet.map((device) => [device.id, device]));
  const runners: DeviceRunner[] = links.map((link) => {
    const device = fleetById.get(link.device.id)!;
    const runner = runDevice({
      device,
      link,
      script: plan.scriptFor(device),
      clock,
      periodMs,
      flatOutWindow: options.flatOutWindow,
      random: derivedRandom(seed, `readings:${link.device.id}`),
      weatherSeed: seed,
      senml: senmlShare > 0 && hashString(`senml:${link.device.id}`) / 2 ** 32 < senmlShare,
      failCommands: failCommands.has(link.device.id),
      ignoreSettings: ignoreSettings.has(link.device.id),
    });
    runner.start(options.flatOutWindow ? 0 : uniform(stagger, 0, periodMs));
    return runner;
  });
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
      for (const runner of runners) runner.halt();
      await stopLinks(links, counters, stopTimeoutMs);
      const { connected: _connected, ...totals } = counters;
      resolveDone({
        devices: links.length,
        elapsedMs: Math.round(elapsedMs),
        connectMs,
        ...totals,
        acknowledgedPerSecond: elapsedMs > 0 ? Math.round((totals.acknowledged / elapsedMs) * 1000 * 10) / 10 : 0,
      });
    })();
    return stopping;
  };
  if (options.durationMs) durationTimer = setTimeout(() => void stop(), options.durationMs);

  return { stats: () => ({ ...counters }), connectMs, briefing: plan.briefing, stop, done };
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
  const wholeAtLeastOne = (name: string, value: number | undefined): void => {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) invalid(`${name} must be a whole number ≥ 1, got ${value}`);
  };
  wholeAtLeastOne('connectConcurrency', options.connectConcurrency);
  wholeAtLeastOne('flatOutWindow', options.flatOutWindow);
  if (options.speed !== undefined && !(options.speed > 0 && Number.isFinite(options.speed))) invalid(`speed must be a positive number, got ${options.speed}`);
  if (options.drillPace !== undefined && !(options.drillPace > 0 && options.drillPace <= maxDrillPace)) invalid(`drillPace must be above 0 and at most ${maxDrillPace}, got ${options.drillPace}`);
  if (options.senmlShare !== undefined && !(options.senmlShare >= 0 && options.senmlShare <= 1)) invalid(`senmlShare must be between 0 and 1, got ${options.senmlShare}`);
  const ids = new Set<string>();
  for (const device of options.fleet) {
    if (ids.has(device.id)) invalid(`device id ${device.id} appears twice in the fleet; MQTT client ids must be unique`);
    ids.add(device.id);
  }
}
