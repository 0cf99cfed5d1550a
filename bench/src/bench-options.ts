import { parseArgs } from 'node:util';
import type { PayloadShape } from './bench-fleet';
import { maxStormDevices } from './connect-storm';
import type { PhaseSpec } from './phase-runner';
import type { ClientKind } from './publish-transport';

export interface BenchOptions {
  readonly phases: readonly PhaseSpec[];
  readonly client: ClientKind;
  readonly payload: PayloadShape;
  readonly connections: number;
  readonly window: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly seed: number;
  /** Minutes of the wall's browser bench (wall-bench.ts); 0 skips it. */
  readonly wallMinutes: number;
  /** Raw readings GET /api/export writes as CSV and Parquet (XLSX: a tenth); 0 skips the export part. */
  readonly exportRows: number;
  /** Days of generated history for the roll-up query figures (1,000 devices); 0 skips the roll-up part. */
  readonly rollupDays: number;
  /** Readings per second offered to the external-broker part (Mosquitto, ingest workers); 0 skips it. */
  readonly externalRate: number;
  /** Lines of the raw line-protocol ceiling for the InfluxDB figures; 0 skips the InfluxDB part. */
  readonly influxRawLines: number;
  /** Readings per second the paced phase (kendali-paced) offers. */
  readonly pacedRate: number;
  /** KENDALI_LIVE_FRAME_MS of the Kendali phases; 0 leaves the platform's default. */
  readonly liveFrameMs: number;
  /** Devices that connect at once from a process of their own (connect-storm.ts); 0 skips the storm. */
  readonly stormDevices: number;
  readonly json: boolean;
}

const phaseNames: Record<string, PhaseSpec> = {
  'kendali-qos1': { target: 'kendali', qos: 1 },
  'kendali-qos0': { target: 'kendali', qos: 0 },
  'aedes-qos1': { target: 'bare aedes', qos: 1 },
  'aedes-qos0': { target: 'bare aedes', qos: 0 },
  'kendali-paced': { target: 'kendali', qos: 1, paced: true },
  'floor-qos1': { target: 'durable floor', qos: 1 },
  'floor-qos0': { target: 'durable floor', qos: 0 },
};

export const usage = `Usage: pnpm bench [-- options]

Throughput and latency of Kendali's pipeline against bare Aedes, QoS1 and QoS0, on loopback;
publish → wall frame at a paced rate; a connect storm; then the wall in a browser with 5,000
devices on the map (frame times, JS heap).

  --seconds N         measured seconds per phase (default 15)
  --warmup N          warm-up seconds per phase before measuring (default 2)
  --devices N         MQTT connections, one simulated device each (default 50)
  --window N          QoS1: unacknowledged publishes per connection (default 16)
  --phases LIST       comma-separated, in order (default ${Object.keys(phaseNames).join(',')})
  --paced-rate N      readings/s offered by kendali-paced, QoS1, whose frames a client of
                      /api/live in its own process times (default 20000)
  --live-frame-ms N   KENDALI_LIVE_FRAME_MS of the Kendali phases (default: the platform's, 250)
  --client NAME       load generator's MQTT client: raw (default, light) or mqtt.js
  --payload NAME      mix (default: five device kinds, every field) or minimal ({"ts","pm25"})
  --seed N            seed of the simulated fleet and its readings (default 1)
  --wall-minutes N    minutes of the wall in Chromium with 5,000 devices (default 10, 0 skips it;
                      about 2 more minutes to start; pnpm bench:wall runs only that part)
  --export-rows N     raw readings exported as CSV and Parquet, a tenth as XLSX (default 10000000,
                      0 skips the export part; several minutes more at the default, a fresh
                      platform per format; pnpm bench:export runs only that part)
  --rollup-days N     days of generated history (1,000 stations, a reading every 15 minutes) for the
                      roll-up figures (default 365, 0 skips them; pnpm bench:rollups runs only that part)
  --external-rate N   readings/s offered to Kendali's ingest workers behind a private Mosquitto
                      (default 5000, 0 skips that part; pnpm bench:external runs only it)
  --influx-raw-lines N  lines written raw to a private influxd for the InfluxDB figures' ceiling
                      (default 500000; 0 skips the InfluxDB part; pnpm bench:influx runs only it)
  --storm-devices N   devices of the connect storm: all connect at once from a process of their own
                      to a platform process, one QoS1 reading each (default 15000, 0 skips it;
                      pnpm bench:storm runs only it)
  --json              print one JSON document on stdout instead of the tables
  --help              this text`;

export class UsageError extends Error {}

const options = {
  seconds: { type: 'string', default: '15' },
  warmup: { type: 'string', default: '2' },
  devices: { type: 'string', default: '50' },
  window: { type: 'string', default: '16' },
  phases: { type: 'string', default: Object.keys(phaseNames).join(',') },
  seed: { type: 'string', default: '1' },
  client: { type: 'string', default: 'raw' },
  payload: { type: 'string', default: 'mix' },
  'wall-minutes': { type: 'string', default: '10' },
  'export-rows': { type: 'string', default: '10000000' },
  'rollup-days': { type: 'string', default: '365' },
  'external-rate': { type: 'string', default: '5000' },
  'influx-raw-lines': { type: 'string', default: '500000' },
  'paced-rate': { type: 'string', default: '20000' },
  'live-frame-ms': { type: 'string', default: '0' },
  'storm-devices': { type: 'string', default: '15000' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** parseArgs, with its unknown-option and missing-value errors turned into usage errors. */
function parseArgsOrExplain(config: { args: string[]; options: typeof options }) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgsOrExplain({
    args: argv.filter((arg) => arg !== '--'), // `pnpm bench -- --seconds 5` passes the separator on
    options,
  });
  if (values.help) return 'help';
  const number = (name: 'seconds' | 'warmup' | 'devices' | 'window' | 'seed' | 'wall-minutes' | 'export-rows' | 'rollup-days' | 'external-rate' | 'influx-raw-lines' | 'paced-rate' | 'live-frame-ms' | 'storm-devices', min: number, max: number) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${values[name]}"`);
    return value;
  };
  const phases = values.phases.split(',').map((name) => {
    const phase = phaseNames[name.trim()];
    if (phase === undefined) throw new UsageError(`unknown phase "${name}"; choose from ${Object.keys(phaseNames).join(', ')}`);
    return phase;
  });
  if (values.client !== 'raw' && values.client !== 'mqtt.js') throw new UsageError(`--client must be raw or mqtt.js, got "${values.client}"`);
  if (values.payload !== 'mix' && values.payload !== 'minimal') throw new UsageError(`--payload must be mix or minimal, got "${values.payload}"`);
  const connections = Math.round(number('devices', 1, 5_000));
  const pacedRate = Math.round(number('paced-rate', 1, 1_000_000));
  // A paced device stamps each reading 1 ms after its last at least (telemetry-payloads.ts): past 1,000/s its ts runs ahead of the clock.
  if (phases.some((phase) => phase.paced) && pacedRate > connections * 1_000) throw new UsageError(`--paced-rate ${pacedRate} is over 1,000 readings/s per device; raise --devices to ${Math.ceil(pacedRate / 1_000)} or more`);
  return {
    phases,
    client: values.client,
    payload: values.payload,
    connections,
    window: Math.round(number('window', 1, 1_000)),
    warmupMs: Math.round(number('warmup', 0, 600) * 1000),
    measureMs: Math.round(number('seconds', 1, 3_600) * 1000),
    seed: Math.round(number('seed', 0, 2 ** 31)),
    wallMinutes: Math.round(number('wall-minutes', 0, 24 * 60)),
    exportRows: Math.round(number('export-rows', 0, 100_000_000)),
    rollupDays: Math.round(number('rollup-days', 0, 3_660)),
    externalRate: Math.round(number('external-rate', 0, 1_000_000)),
    influxRawLines: Math.round(number('influx-raw-lines', 0, 100_000_000)),
    pacedRate,
    liveFrameMs: Math.round(number('live-frame-ms', 0, 1_000)),
    stormDevices: Math.round(number('storm-devices', 0, maxStormDevices)),
    json: values.json,
  };
}
