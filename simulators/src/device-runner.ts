import type { CommandMessage, CommandResult, SettingsMessage } from '@kendali/contracts';
import { newDeviceControl, obeyCommand } from './device-commands';
import type { DeviceLink } from './device-link';
import { applySettings, reportedSettings, type SettingsAbilities } from './device-settings';
import type { FleetDevice } from './fleet';
import { composeTelemetry, newComposeState } from './payload/compose-telemetry';
import type { Random } from './prng';
import type { DeviceScript } from './scenarios/scenario-plan';
import { flapEveryMs, faultStartMs } from './scenarios/sensor-faults';
import type { SimClock } from './sim-clock';

const flatOutRetryMs = 200;
const rebootMs = 3_000; // 3 s offline while a device reboots
const rememberedCommands = 100; // ids of recent commands, so a command sent twice is obeyed once

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
  /** Answers every command with a failure (a test's faulty device). */
  readonly failCommands: boolean;
  /** Applies no desired settings and keeps reporting what it ran with before (a test's drifting device). */
  readonly ignoreSettings: boolean;
}

/**
 * What a device does once connected: take readings on its schedule, live through the drills' power
 * cuts and network trouble, obey Kendali's commands (once per command id), and apply the settings
 * Kendali desires, reporting what it runs with.
 */
export interface DeviceRunner {
  /** Starts the schedule; the first reading after `firstDelayMs`. */
  start(firstDelayMs: number): void;
  /** Stops every timer (the link is stopped by its owner). */
  halt(): void;
}

export function runDevice(options: DeviceRunnerOptions): DeviceRunner {
  const { link, script, clock } = options;
  const state = newComposeState();
  const control = newDeviceControl();
  const answered = new Map<string, CommandResult | 'rebooting'>();
  const abilities: SettingsAbilities = { kind: options.device.kind, defaultPeriodMs: options.periodMs, canChangeInterval: !options.flatOutWindow };
  let rateTimer: NodeJS.Timeout | undefined;
  let firstTimer: NodeJS.Timeout | undefined;
  const timers = new Set<NodeJS.Timeout>();
  let halted = false;

  /** Runs `action` in `realMs` of real time: a device's own delays (a reboot, a pause after a failure) keep their length at any drill pace. */
  const after = (realMs: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!halted) action();
    }, realMs);
    timers.add(timer);
  };
  /** Runs `action` once drill time reaches `drillMs`: a drill's moments come sooner at a faster drill pace. */
  const at = (drillMs: number, action: () => void): void => after(clock.realMsUntilDrill(drillMs), action);
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
      control,
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
      else after(flatOutRetryMs, publishFlatOut);
    });
  };
  const startFlatOut = (): void => {
    for (let index = link.inFlight; index < (options.flatOutWindow ?? 1); index++) publishFlatOut();
  };
  const keepRate = (): void => {
    clearTimeout(firstTimer); // a new interval set before the first reading starts the schedule at once
    publishReading();
    if (rateTimer) {
      clearInterval(rateTimer);
      timers.delete(rateTimer);
    }
    rateTimer = setInterval(publishReading, control.periodMs ?? options.periodMs);
    timers.add(rateTimer);
  };
  const remember = (id: string, result: CommandResult | 'rebooting'): void => {
    answered.set(id, result);
    if (answered.size > rememberedCommands) answered.delete(answered.keys().next().value!);
  };
  const obey = (command: CommandMessage): void => {
    if (halted) return;
    const earlier = answered.get(command.id);
    if (earlier === 'rebooting') return; // its answer follows the reboot
    if (earlier) return link.answerCommand(earlier); // sent again (a reconnect, a restarted Kendali): answer, do not act twice
    if (command.expiresAt <= clock.wallMs()) return; // Kendali no longer waits for it
    const action = obeyCommand(command, control, options.failCommands);
    if (action.type === 'interval' && !options.flatOutWindow) {
      keepRate(); // the new interval from now, also before the first reading
      link.reportSettings(reportedSettings(control, abilities));
    }
    if (action.type !== 'reboot') {
      remember(command.id, action.result);
      return link.answerCommand(action.result);
    }
    remember(command.id, 'rebooting');
    after(0, () => link.powerCut()); // once the command's PUBACK is out; the broker then publishes the last will: offline
    after(rebootMs, () => {
      link.powerOn(0);
      control.bootedAtSimMs = clock.simMs(clock.wallMs());
      remember(command.id, action.result);
      link.answerCommand(action.result); // sent once connected again
    });
  };

  const applyDesired = (message: SettingsMessage): void => {
    if (halted) return;
    if (!options.ignoreSettings && applySettings(message, control, abilities).intervalChanged) keepRate();
    link.reportSettings(reportedSettings(control, abilities));
  };

  return {
    start(firstDelayMs) {
      link.reportSettings(reportedSettings(control, abilities));
      link.onCommand(obey);
      link.onSettings(applyDesired);
      for (const cut of script.powerCuts) {
        at(cut.fromDrillMs, () => link.powerCut());
        at(cut.untilDrillMs, () => {
          link.powerOn(0);
          if (options.flatOutWindow) after(flatOutRetryMs, startFlatOut);
        });
      }
      if (script.fault === 'flapping') {
        at(faultStartMs, () => {
          const interval = setInterval(() => link.dropConnection(), flapEveryMs / clock.drillPace); // the fault is the drill's: it keeps the drill's pace
          timers.add(interval as unknown as NodeJS.Timeout);
          link.dropConnection();
        });
      }
      const first = setTimeout(() => {
        timers.delete(first);
        firstTimer = undefined;
        if (options.flatOutWindow) startFlatOut();
        else keepRate();
      }, firstDelayMs);
      firstTimer = first;
      timers.add(first);
    },
    halt() {
      halted = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
