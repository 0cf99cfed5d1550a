/**
 * `pnpm bench:rollups`: only the roll-up figures of `pnpm bench` (see rollup-figures.ts) — the
 * embedded store's ingest rate with roll-ups kept and without, and history over a generated year
 * read from raw readings and from the roll-ups. Prints figures, no thresholds.
 */
import { parseArgs } from 'node:util';
import { runBenchEntry } from './bench-entry';
import { defaultRollupBenchOptions, rollupLines, runRollupFigures } from './rollup-figures';

await runBenchEntry('bench:rollups', async (cleanup) => {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: String(defaultRollupBenchOptions.seconds) },
      devices: { type: 'string', default: String(defaultRollupBenchOptions.devices) },
      days: { type: 'string', default: String(defaultRollupBenchOptions.days) },
    },
  });
  const options = { ...defaultRollupBenchOptions, seconds: Number(values.seconds), devices: Number(values.devices), days: Number(values.days) };
  for (const [name, value] of Object.entries({ seconds: options.seconds, devices: options.devices, days: options.days })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`);
  }
  const figures = await runRollupFigures(options, cleanup);
  return `\n${rollupLines(figures).join('\n')}\n`;
});
