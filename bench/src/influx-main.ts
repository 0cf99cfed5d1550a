/**
 * `pnpm bench:influx`: only the InfluxDB figures of `pnpm bench` (see influx-figures.ts) — readings
 * per second through the whole pipeline next to raw batched line protocol to the same private
 * influxd (the ceiling), and the spool's drain rate after an outage. Prints figures, no thresholds.
 */
import { parseArgs } from 'node:util';
import { CleanupStack } from './cleanup-stack';
import { influxLines, runInfluxFigures } from './influx-figures';

const cleanup = new CleanupStack();
process.once('SIGINT', () => void cleanup.runAll().finally(() => process.exit(130)));

try {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      devices: { type: 'string', default: '50' },
      window: { type: 'string', default: '16' },
      'raw-lines': { type: 'string', default: '500000' },
    },
  });
  const load = { connections: Number(values.devices), window: Number(values.window), warmupMs: 2_000, measureMs: Number(values.seconds) * 1_000, seed: 1 };
  const figures = await runInfluxFigures(load, Number(values['raw-lines']), cleanup);
  process.stdout.write(`\n${influxLines(figures).join('\n')}\n`);
} catch (error) {
  process.stderr.write(`bench:influx: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup.runAll();
}
