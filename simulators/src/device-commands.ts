import type { CommandMessage, CommandResult, FieldValue } from '@kendali/contracts';
import { scheduledLevel, type DimmingStep } from './signals/dimming-schedule';

/** What commands and settings have set on a device, applied to every reading it takes afterwards. */
export interface DeviceControl {
  /** Real ms between readings, once `set-interval` or the `reportIntervalS` setting has set it. */
  periodMs: number | undefined;
  /** The dimming level `set-dimming` set on a street light (0-1). */
  dimmingLevel: number | undefined;
  /** A street light's dimming schedule, once the `dimmingSchedule` setting has set it. */
  dimmingSchedule: readonly DimmingStep[] | undefined;
  /** The version of the desired settings last applied. */
  settingsVersion: number | undefined;
  /** Simulated time (ms epoch) the device came back from its last `reboot`: its uptime counts from there. */
  bootedAtSimMs: number | undefined;
}

export const newDeviceControl = (): DeviceControl => ({ periodMs: undefined, dimmingLevel: undefined, dimmingSchedule: undefined, settingsVersion: undefined, bootedAtSimMs: undefined });

/** What the device does about a command; `reboot` answers only once it is back. */
export type CommandAction =
  | { readonly type: 'answer'; readonly result: CommandResult }
  | { readonly type: 'interval'; readonly periodMs: number; readonly result: CommandResult }
  | { readonly type: 'reboot'; readonly result: CommandResult };

const standbyW = 1.5; // a street light controller's own draw, as the street-light signal has it

/**
 * Decides what a device does about a command: the ones its kind takes change its control state; a
 * device told to fail commands (`failing`) answers every one with a failure and changes nothing.
 */
export function obeyCommand(command: CommandMessage, control: DeviceControl, failing: boolean): CommandAction {
  const ok = (detail?: string): CommandResult => ({ id: command.id, ok: true, ...(detail === undefined ? {} : { detail }) });
  const failed = (detail: string): CommandResult => ({ id: command.id, ok: false, detail });
  if (failing) return { type: 'answer', result: failed('simulated failure (--fail-commands)') };
  const { params } = command;
  switch (command.name) {
    case 'set-interval': {
      const seconds = params.seconds;
      if (typeof seconds !== 'number' || !(seconds >= 1)) return { type: 'answer', result: failed('seconds must be a number of at least 1') };
      control.periodMs = seconds * 1000;
      return { type: 'interval', periodMs: control.periodMs, result: ok(`reporting every ${seconds} s`) };
    }
    case 'set-dimming': {
      const level = params.level;
      if (typeof level !== 'number' || level < 0 || level > 1) return { type: 'answer', result: failed('level must be between 0 and 1') };
      control.dimmingLevel = level;
      return { type: 'answer', result: ok(`dimmed to ${level}`) };
    }
    case 'reboot':
      return { type: 'reboot', result: ok('rebooted') };
    default:
      return { type: 'answer', result: failed(`this device does not know the command "${command.name}"`) };
  }
}

/**
 * A reading taken at `simMs` as the device's control state shapes it: an uptime counted from its
 * last reboot, and a street light's commanded dimming level or else the level its schedule sets.
 */
export function applyControl(fields: Record<string, FieldValue>, control: DeviceControl, simMs: number, cityHour: () => number): Record<string, FieldValue> {
  const rebooted =
    control.bootedAtSimMs !== undefined && typeof fields.uptimeS === 'number' ? { ...fields, uptimeS: Math.max(0, Math.floor((simMs - control.bootedAtSimMs) / 1000)) } : fields;
  return applyDimming(rebooted, control, cityHour);
}

/**
 * A street light's reading with its commanded dimming level, or else the level its schedule sets at
 * `cityHour` (the city's local hour) while the photocell has the lamp lit: a lit lamp draws power in proportion.
 */
function applyDimming(fields: Record<string, FieldValue>, control: DeviceControl, cityHour: () => number): Record<string, FieldValue> {
  if (typeof fields.dimmingLevel !== 'number') return fields;
  const sampledLevel = fields.dimmingLevel;
  const level = control.dimmingLevel ?? (control.dimmingSchedule && sampledLevel > 0 ? scheduledLevel(control.dimmingSchedule, cityHour()) : undefined);
  if (level === undefined) return fields;
  const powerW = typeof fields.powerW === 'number' ? fields.powerW : undefined;
  const lampPowerW = powerW !== undefined && sampledLevel > 0 ? (Math.max(0, powerW - standbyW) * level) / sampledLevel : 0;
  return { ...fields, dimmingLevel: level, ...(powerW === undefined ? {} : { powerW: Math.round((lampPowerW + standbyW) * 10) / 10 }) };
}
