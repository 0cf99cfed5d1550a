import { parseArgs } from 'node:util';

export interface WallBenchOptions {
  /** Measured minutes of live updates; 0 skips the wall bench. */
  readonly minutes: number;
  /** KENDALI_SIMULATE_DEVICES: devices on the map. */
  readonly devices: number;
  /** Readings per second the least-fed wall chart gets (the others get more). */
  readonly chartReadingsPerSecond: number;
  /** The wall's `?rotate=`: seconds per scene. */
  readonly rotateSeconds: number;
  /** How long the platform may take to register and connect the fleet, ms. */
  readonly startupLimitMs: number;
  /** How long, after that, every device may take to count as online, ms. */
  readonly onlineLimitMs: number;
  readonly json: boolean;
}

export const defaultWallOptions: WallBenchOptions = {
  minutes: 10,
  devices: 5_000,
  chartReadingsPerSecond: 50,
  rotateSeconds: 10, // 5 scenes: a full cycle every 50 s, twelve in 10 minutes
  startupLimitMs: 600_000, // 10 minutes: registration was ~13 ms a device (about 65 s for 5,000)
  onlineLimitMs: 300_000, // 5 minutes
  json: false,
};

export const wallUsage = `Usage: pnpm bench:wall [-- options]

The wall (/wall) in headless Chromium against the platform with its simulated fleet: frame times,
long tasks, JS heap after GC and DOM nodes, each minute. See bench/README.md.

  --minutes N        measured minutes of live updates (default ${defaultWallOptions.minutes})
  --devices N        simulated devices on the map (default ${defaultWallOptions.devices})
  --chart-rate N     readings per second for the least-fed wall chart (default ${defaultWallOptions.chartReadingsPerSecond})
  --rotate N         seconds per scene on the wall (default ${defaultWallOptions.rotateSeconds}, at least 5)
  --startup-limit N  seconds the platform may take to register and connect the fleet (default ${defaultWallOptions.startupLimitMs / 1000})
  --json             print one JSON document on stdout instead of the tables
  --help             this text`;

export class WallUsageError extends Error {}

/** A whole number within bounds, or a usage error naming the option. */
function wallNumber(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new WallUsageError(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

export function parseWallOptions(argv: readonly string[]): WallBenchOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv.filter((arg) => arg !== '--'), // `pnpm bench:wall -- --minutes 2` passes the separator on
      options: {
        minutes: { type: 'string', default: String(defaultWallOptions.minutes) },
        devices: { type: 'string', default: String(defaultWallOptions.devices) },
        'chart-rate': { type: 'string', default: String(defaultWallOptions.chartReadingsPerSecond) },
        rotate: { type: 'string', default: String(defaultWallOptions.rotateSeconds) },
        'startup-limit': { type: 'string', default: String(defaultWallOptions.startupLimitMs / 1000) },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new WallUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  return {
    ...defaultWallOptions,
    minutes: Math.round(wallNumber('minutes', values.minutes, 1, 24 * 60)),
    devices: Math.round(wallNumber('devices', values.devices, 5, 100_000)),
    chartReadingsPerSecond: wallNumber('chart-rate', values['chart-rate'], 0.1, 10_000),
    rotateSeconds: Math.round(wallNumber('rotate', values.rotate, 5, 3_600)),
    startupLimitMs: Math.round(wallNumber('startup-limit', values['startup-limit'], 10, 24 * 3_600) * 1000),
    json: values.json,
  };
}
