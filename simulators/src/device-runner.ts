import type { DeviceLink } from './device-link';
import type { FleetDevice } from './fleet';
import { composeTelemetry, newComposeState } from './payload/compose-telemetry';
import type { Random } from './prng';
import type { DeviceScript } from './scenarios/scenario-plan';
import { flapEveryMs, faultStartMs } from './scenarios/sensor-faults';
import type { SimClock } from './sim-clock';

const flatOutRetryMs = 200;

export interface DeviceRunnerOptions {
  /** The device the link connected, with its city's clock. */
  readonly device: FleetDevice;
  readonly link: DeviceLink;
  readonly script: DeviceScript;
  readonly clock: SimClock;
  /** Real ms between readings (rate mode). */
  readonly periodMs: number;
  /** Load mode: keep this many messages in flight instead of keeping a rate. */
  readonly flatOutWindow: number | undefined;
  readonly random: Random;
  readonly weatherSeed: number;
  readonly senml: boolean;
}

/** What a device does once connected: take readings on its schedule, and live through the drills' power cuts and network trouble. */
export interface DeviceRunner {
  /** Starts the schedule; the first reading after `firstDelayMs`. */
  start(firstDelayMs: number): void;
  /** Stops every timer (the link is stopped by its owner). */
  halt(): void;
}

export function runDevice(options: DeviceRunnerOptions): DeviceRunner {
  const { link, script, clock } = options;
  const state = newComposeState();
  const timers = new Set<NodeJS.Timeout>();
  let halted = false;

  const at = (drillMs: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!halted) action();
    }, Math.max(0, drillMs - clock.drillMs(clock.wallMs())));
    timers.add(timer);
  };
  const compose = (): string => {
    const wallMs = clock.wallMs();
    return composeTelemetry({
      device: options.device,
      script,
      simMs: clock.simMs(wallMs),
      wallMs,
      drillMs: clock.drillMs(wallMs),
      random: options.random,
      weatherSeed: options.weatherSeed,
      senml: options.senml,
      state,
    });
  };
  const publishReading = (): void => {
    // A device without power takes no readings.
    if (!halted && link.powered) link.publishTelemetry(compose());
  };
  const publishFlatOut = (): void => {
    if (halted || !link.powered) return;
    link.publishTelemetry(compose(), (acknowledged) => {
      // The next as soon as this one settles; after a failure wait a moment, so a dead link does not spin.
      if (acknowledged) setImmediate(publishFlatOut);
      else at(clock.drillMs(clock.wallMs()) + flatOutRetryMs, publishFlatOut);
    });
  };
  const startFlatOut = (): void => {
    for (let index = link.inFlight; index < (options.flatOutWindow ?? 1); index++) publishFlatOut();
  };
  const keepRate = (): void => {
    publishReading();
    const interval = setInterval(publishReading, options.periodMs);
    timers.add(interval as unknown as NodeJS.Timeout);
  };

  return {
    start(firstDelayMs) {
      for (const cut of script.powerCuts) {
        at(cut.fromDrillMs, () => link.powerCut());
        at(cut.untilDrillMs, () => {
          link.powerOn(0);
          if (options.flatOutWindow) at(clock.drillMs(clock.wallMs()) + flatOutRetryMs, startFlatOut);
        });
      }
      if (script.fault === 'flapping') {
        at(faultStartMs, () => {
          const interval = setInterval(() => link.dropConnection(), flapEveryMs);
          timers.add(interval as unknown as NodeJS.Timeout);
          link.dropConnection();
        });
      }
      const first = setTimeout(() => {
        timers.delete(first);
        if (options.flatOutWindow) startFlatOut();
        else keepRate();
      }, firstDelayMs);
      timers.add(first);
    },
    halt() {
      halted = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
