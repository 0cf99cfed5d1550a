import { Command, InvalidArgumentError, Option } from 'commander';
import { cities, kotaTangerang } from '@kendali/contracts';
import type { City } from '@kendali/contracts';

/** The simulator CLI's settings, validated. */
export interface CliOptions {
  readonly url: string;
  readonly devices: number;
  readonly ratePerDeviceHz: number;
  /** 0 runs until Ctrl-C. */
  readonly durationMs: number;
  readonly seed: number;
  readonly qos: 0 | 1;
  readonly city: City;
  /** Registry API to register the fleet with before connecting. */
  readonly apiUrl: string | undefined;
  readonly apiToken: string | undefined;
}

interface ParsedFlags {
  url: string;
  devices: number;
  rate: number;
  duration: number;
  seed: number;
  qos: 0 | 1;
  city: City;
  api?: string;
  apiToken?: string;
}

const mqttProtocols = ['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'];

/** The command with its flags; commander names the flag in every validation error it prints. */
export function buildCliCommand(): Command {
  return new Command()
    .name('kendali-simulate')
    .description('Simulated Kendali devices publishing telemetry over MQTT, each as its own client.')
    .addOption(new Option('--url <url>', 'broker URL (mqtt://, mqtts://, ws://, wss://)').default('mqtt://127.0.0.1:1883').argParser(parseUrl(mqttProtocols)))
    .addOption(new Option('--devices <count>', 'number of devices').default(200).argParser(parseWhole(1)))
    .addOption(new Option('--rate <hz>', 'readings per second per device').default(1).argParser(parsePositive))
    .addOption(new Option('--duration <seconds>', 'stop after this long; 0 runs until Ctrl-C').default(0).argParser(parseNonNegative))
    .addOption(new Option('--seed <n>', 'seed for positions and readings').default(1).argParser(parseWhole(0)))
    .addOption(new Option('--qos <level>', 'QoS of telemetry: 0 or 1').default(1).argParser(parseQos))
    .addOption(
      new Option('--city <id>', `city to place the fleet in (${Object.keys(cities).join(', ')})`)
        .default(kotaTangerang, kotaTangerang.id)
        .argParser(parseCity),
    )
    .addOption(new Option('--api <url>', 'register every device with this Kendali API (PUT /api/devices/{id}) first').argParser(parseUrl(['http:', 'https:'])))
    .addOption(new Option('--api-token <token>', 'admin token for --api').env('KENDALI_ADMIN_TOKEN'))
    .showHelpAfterError('(run with --help for usage)');
}

/** Parses the user's arguments (without node and the script); `pnpm simulate -- …` may pass a leading `--`. */
export function parseCliOptions(args: readonly string[], command: Command = buildCliCommand()): CliOptions {
  const userArgs = args[0] === '--' ? args.slice(1) : args;
  command.parse([...userArgs], { from: 'user' });
  const flags = command.opts<ParsedFlags>();
  return {
    url: flags.url,
    devices: flags.devices,
    ratePerDeviceHz: flags.rate,
    durationMs: Math.round(flags.duration * 1000),
    seed: flags.seed,
    qos: flags.qos,
    city: flags.city,
    apiUrl: flags.api,
    apiToken: flags.apiToken,
  };
}

function parseUrl(protocols: readonly string[]): (value: string) => string {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InvalidArgumentError(`not a URL; expected e.g. ${protocols[0]}//127.0.0.1`);
    }
    if (!protocols.includes(url.protocol)) throw new InvalidArgumentError(`use ${protocols.map((p) => `${p}//`).join(', ')}`);
    return value;
  };
}

function parseWhole(min: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
    return number;
  };
}

function parsePositive(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a number > 0');
  return number;
}

function parseNonNegative(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError('must be a number ≥ 0');
  return number;
}

function parseQos(value: string): 0 | 1 {
  if (value === '0') return 0;
  if (value === '1') return 1;
  throw new InvalidArgumentError('must be 0 or 1');
}

function parseCity(value: string): City {
  const city = Object.hasOwn(cities, value) ? cities[value] : undefined;
  if (!city) throw new InvalidArgumentError(`must be one of ${Object.keys(cities).join(', ')}`);
  return city;
}
