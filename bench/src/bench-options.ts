import { parseArgs } from 'node:util';
import type { PhaseSpec } from './phase-runner';

export interface BenchOptions {
  readonly phases: readonly PhaseSpec[];
  readonly connections: number;
  readonly window: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly seed: number;
  readonly json: boolean;
}

const phaseNames: Record<string, PhaseSpec> = {
  'kendali-qos1': { target: 'kendali', qos: 1 },
  'kendali-qos0': { target: 'kendali', qos: 0 },
  'aedes-qos1': { target: 'bare aedes', qos: 1 },
  'aedes-qos0': { target: 'bare aedes', qos: 0 },
};

export const usage = `Usage: pnpm bench [-- options]

Throughput and latency of Kendali's pipeline against bare Aedes, QoS1 and QoS0, on loopback.

  --seconds N     measured seconds per phase (default 15)
  --warmup N      warm-up seconds per phase before measuring (default 2)
  --devices N     MQTT connections, one simulated device each (default 50)
  --window N      QoS1: unacknowledged publishes per connection (default 16)
  --phases LIST   comma-separated, in order (default ${Object.keys(phaseNames).join(',')})
  --seed N        seed of the simulated fleet and its readings (default 1)
  --json          print one JSON document on stdout instead of the tables
  --help          this text`;

export class UsageError extends Error {}

export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'), // `pnpm bench -- --seconds 5` passes the separator on
    options: {
      seconds: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '2' },
      devices: { type: 'string', default: '50' },
      window: { type: 'string', default: '16' },
      phases: { type: 'string', default: Object.keys(phaseNames).join(',') },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const number = (name: 'seconds' | 'warmup' | 'devices' | 'window' | 'seed', min: number, max: number) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${values[name]}"`);
    return value;
  };
  const phases = values.phases.split(',').map((name) => {
    const phase = phaseNames[name.trim()];
    if (phase === undefined) throw new UsageError(`unknown phase "${name}"; choose from ${Object.keys(phaseNames).join(', ')}`);
    return phase;
  });
  return {
    phases,
    connections: Math.round(number('devices', 1, 5_000)),
    window: Math.round(number('window', 1, 1_000)),
    warmupMs: Math.round(number('warmup', 0, 600) * 1000),
    measureMs: Math.round(number('seconds', 1, 3_600) * 1000),
    seed: Math.round(number('seed', 0, 2 ** 31)),
    json: values.json,
  };
}
