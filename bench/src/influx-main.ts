/**
 * `pnpm bench:influx`: only the InfluxDB figures of `pnpm bench` (see influx-figures.ts) — readings
 * per second through the whole pipeline next to raw batched line protocol to the same private
 * influxd (the ceiling), and the spool's drain rate after an outage. Prints figures, no thresholds.
 */
import { parseArgs } from 'node:util';
import { runBenchEntry } from './bench-entry';
import { influxLines, runInfluxFigures } from './influx-figures';

await runBenchEntry('bench:influx', async (cleanup) => {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      devices: { type: 'string', default: '50' },
      window: { type: 'string', default: '16' },
      'raw-lines': { type: 'string', default: '500000' },
      'link-delay-ms': { type: 'string', default: '0' },
    },
  });
  const load = { connections: Number(values.devices), window: Number(values.window), warmupMs: 2_000, measureMs: Number(values.seconds) * 1_000, seed: 1 };
  const figures = await runInfluxFigures(load, Number(values['raw-lines']), cleanup, Number(values['link-delay-ms']));
  return `\n${influxLines(figures).join('\n')}\n`;
});
