/**
 * `pnpm bench:external`: only the external-broker figures of `pnpm bench` (external-figures.ts):
 * Kendali's ingest workers behind a private Mosquitto, one and two of them, against a bare
 * subscriber, and the redelivery after a worker is killed. Prints figures, no thresholds.
 */
import { parseArgs } from 'node:util';
import { runBenchEntry } from './bench-entry';
import { externalSkipReason, runExternalFigures } from './external-figures';
import type { ExternalOptions } from './external-phase';
import { externalLines } from './external-report';

function readOptions(): ExternalOptions & { json: boolean } {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      seconds: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '2' },
      devices: { type: 'string', default: '50' },
      window: { type: 'string', default: '16' },
      rate: { type: 'string', default: '5000' },
      store: { type: 'string', default: 'auto' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const number = (name: 'seconds' | 'warmup' | 'devices' | 'window' | 'rate' | 'seed', min: number, max: number) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got "${values[name]}"`);
    return Math.round(value);
  };
  if (values.store !== 'auto' && values.store !== 'influx' && values.store !== 'duckdb') throw new Error(`--store must be auto, influx or duckdb, got "${values.store}"`);
  return {
    connections: number('devices', 1, 5_000),
    window: number('window', 1, 1_000),
    warmupMs: number('warmup', 0, 600) * 1000,
    measureMs: number('seconds', 2, 3_600) * 1000,
    rate: number('rate', 100, 1_000_000),
    store: values.store,
    seed: number('seed', 0, 2 ** 31),
    json: values.json,
  };
}

await runBenchEntry('bench:external', async (cleanup) => {
  const options = readOptions();
  const skip = externalSkipReason();
  if (skip !== null) return `External-broker figures skipped: ${skip}\n`;
  const figures = await runExternalFigures(options, cleanup);
  return options.json ? `${JSON.stringify({ options, external: figures }, null, 2)}\n` : `\n${externalLines(figures).join('\n')}\n`;
});
