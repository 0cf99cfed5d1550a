import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { builtInCities as cities, CityDataError, cityEntries, kotaTangerang, selectCities } from '@kendali/contracts';
import type { City } from '@kendali/contracts';
import { SimulatorError } from './errors';
import { maxDrillPace } from './sim-clock';
import { parseScenarioList, scenarioNames } from './scenarios/scenario-names';
import type { ScenarioName } from './scenarios/scenario-names';

/** The simulator CLI's settings, validated. */
export interface CliOptions {
  readonly url: string;
  readonly devices: number;
  readonly ratePerDeviceHz: number;
  /** 0 runs until Ctrl-C. */
  readonly durationMs: number;
  readonly seed: number;
  readonly qos: 0 | 1;
  /** The first city of `--city`: the drills pick districts from it. */
  readonly city: City;
  /** Every city of `--city`: the fleet is spread over them. */
  readonly cities: readonly City[];
  /** Registry API to register the fleet with before connecting. */
  readonly apiUrl: string | undefined;
  readonly apiToken: string | undefined;
  readonly scenarios: readonly ScenarioName[];
  /** Simulated time per real time; with --replay, the playback speed. */
  readonly speed: number;
  /** Drill time per real time: 4 plays the drills' steps four times sooner. */
  readonly drillPace: number;
  /** Simulated time at the start, ms epoch; undefined = now. */
  readonly clockStartMs: number | undefined;
  /** Share of devices sending SenML. */
  readonly senmlShare: number;
  /** District name for the district-blackout drill. */
  readonly blackoutDistrict: string | undefined;
  /** Load mode: messages in flight per device; undefined keeps the rate. */
  readonly flatOutWindow: number | undefined;
  readonly connectConcurrency: number;
  /** A single redrawn progress line instead of a line every 5 s. */
  readonly progress: boolean;
  readonly recordFile: string | undefined;
  readonly replayFile: string | undefined;
  /** Record the broker's live stream as an observer instead of running a fleet. */
  readonly observe: boolean;
  /** Devices that answer every command with a failure. */
  readonly failCommands: readonly string[];
  /** Devices that apply no desired settings. */
  readonly ignoreSettings: readonly string[];
}

interface ParsedFlags {
  url: string;
  devices: number;
  rate: number;
  duration: number;
  seed: number;
  qos: 0 | 1;
  city: readonly City[];
  api?: string;
  apiToken?: string;
  scenario: ScenarioName[];
  speed: number;
  drillPace: number;
  clockStart?: number;
  senml?: number;
  blackoutDistrict?: string;
  flatOut?: number;
  connectConcurrency: number;
  progress?: boolean;
  record?: string;
  replay?: string;
  observe?: boolean;
  failCommands?: string[];
  ignoreSettings?: string[];
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
      new Option('--city <list>', `cities to place the fleet in, comma-separated: built-in ids (${Object.keys(cities).join(', ')}) or city directories`)
        .default([kotaTangerang], kotaTangerang.id)
        .argParser(parseCity),
    )
    .addOption(new Option('--api <url>', 'register every device with this Kendali API (PUT /api/devices/{id}) first').argParser(parseUrl(['http:', 'https:'])))
    .addOption(new Option('--api-token <token>', 'admin token for --api (and the observer password with --observe)').env('KENDALI_ADMIN_TOKEN'))
    .addOption(new Option('--scenario <list>', `drills, comma-separated: ${scenarioNames.join(', ')}`).default([], 'none').argParser(parseScenarios))
    .addOption(new Option('--speed <factor>', 'simulated time per real time (144: a day in 10 minutes); with --replay, the playback speed').default(1).argParser(parsePositive))
    .addOption(
      new Option('--drill-pace <factor>', `drill time per real time, at most ${maxDrillPace} (4: a flood reaches Siaga 3 within 5 s instead of 20 s, to rehearse the sequence)`)
        .default(1)
        .argParser(parseDrillPace),
    )
    .addOption(new Option('--clock-start <time>', 'simulated time at the start, ISO 8601 with a zone (e.g. 2026-03-02T06:00:00+07:00)').argParser(parseTime))
    .addOption(new Option('--senml [share]', 'send SenML (RFC 8428) from all devices, or from this share of them (0-1)').preset('1').argParser(parseShare))
    .addOption(new Option('--blackout-district <name>', 'district the district-blackout drill cuts (default: picked from the seed)'))
    .addOption(new Option('--flat-out [window]', 'load mode: each device sends as fast as the broker acknowledges, keeping this many messages in flight').preset('1').argParser(parseWhole(1)))
    .addOption(new Option('--connect-concurrency <count>', 'devices connecting at the same time').default(50).argParser(parseWhole(1)))
    .addOption(new Option('--fail-commands <ids>', 'devices (comma-separated ids) that answer every command with a failure, for testing').argParser(parseIdList))
    .addOption(new Option('--ignore-settings <ids>', 'devices (comma-separated ids) that apply no desired settings and keep reporting what they run with, for testing').argParser(parseIdList))
    .addOption(new Option('--progress', 'one progress line redrawn every second (a bar when --duration is set)'))
    .addOption(new Option('--record <file>', 'record the published stream to this file (JSON lines)'))
    .addOption(new Option('--observe', 'with --record: record the broker\'s live stream as user kendali-observer (password: --api-token) instead of running a fleet'))
    .addOption(new Option('--replay <file>', 'play a recording back (at --speed) instead of simulating').conflicts(['record', 'observe', 'scenario']))
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
    city: flags.city[0]!,
    cities: flags.city,
    apiUrl: flags.api,
    apiToken: flags.apiToken,
    scenarios: flags.scenario,
    speed: flags.speed,
    drillPace: flags.drillPace,
    clockStartMs: flags.clockStart,
    senmlShare: flags.senml ?? 0,
    blackoutDistrict: flags.blackoutDistrict === undefined ? undefined : districtName(flags.city[0]!, flags.blackoutDistrict),
    flatOutWindow: flags.flatOut,
    connectConcurrency: flags.connectConcurrency,
    progress: flags.progress === true,
    recordFile: flags.record,
    replayFile: flags.replay,
    observe: flags.observe === true,
    failCommands: flags.failCommands ?? [],
    ignoreSettings: flags.ignoreSettings ?? [],
  };
}

/** A district of the city by name or id, as the contracts spell its name. */
function districtName(city: City, value: string): string {
  const wanted = value.trim().toLowerCase();
  const district = city.districts.find((candidate) => candidate.id === wanted || candidate.name.toLowerCase() === wanted);
  if (!district) {
    throw new SimulatorError('KENDALI_ERR_SIM_OPTIONS', `--blackout-district "${value}" is not a district of ${city.name}; choose from ${city.districts.map((d) => d.name).join(', ')}`);
  }
  return district.name;
}

function parseScenarios(value: string): ScenarioName[] {
  try {
    return parseScenarioList(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function parseTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) throw new InvalidArgumentError('must be ISO 8601 with a zone, e.g. 2026-03-02T06:00:00+07:00');
  return ms;
}

function parseIdList(value: string): string[] {
  return value.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
}

/** `--senml` alone means every device (preset 1). */
function parseShare(value: string): number {
  const share = Number(value);
  if (value.trim() === '' || !(share >= 0 && share <= 1)) throw new InvalidArgumentError('must be a share between 0 and 1');
  return share;
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

function parseDrillPace(value: string): number {
  const pace = parsePositive(value);
  if (pace > maxDrillPace) throw new InvalidArgumentError(`must be at most ${maxDrillPace} (faster, the posts would jump over the drills' stages)`);
  return pace;
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

/** Built-in ids or city directories (relative to the working directory), checked as the platform checks KENDALI_CITY. */
function parseCity(value: string): City[] {
  const entries = cityEntries(value).map((entry) => (Object.hasOwn(cities, entry) ? entry : resolve(entry)));
  try {
    return selectCities(entries, (directory, fileName) => readFileSync(join(directory, fileName), 'utf8'));
  } catch (error) {
    if (error instanceof CityDataError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}
