/**
 * `pnpm bench:connections`: resident memory per 1,000 devices of an embedded Kendali (device
 * connections) and of an api node following the internal feed, and the api node's CPU per feed
 * reading (connection-memory.ts). Loopback only; prints figures, no thresholds.
 */
import { parseArgs } from 'node:util';
import { runBenchEntry } from './bench-entry';
import { perThousand, runConnectionMemory, type ConnectionMemoryFigures, type ConnectionMemoryOptions, type MemoryStep } from './connection-memory';

function readOptions(): ConnectionMemoryOptions & { json: boolean } {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      steps: { type: 'string', default: '1000,5000' },
      'feed-readings': { type: 'string', default: '20000' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const steps = values.steps.split(',').map(Number);
  if (steps.length < 2 || steps.some((step, i) => !Number.isInteger(step) || step < 1 || step > 20_000 || (i > 0 && step <= steps[i - 1]!))) {
    throw new Error(`--steps must be two or more ascending device counts from 1 to 20000, e.g. 1000,5000; got "${values.steps}"`);
  }
  const feedReadings = Number(values['feed-readings']);
  if (!Number.isInteger(feedReadings) || feedReadings < 1_000 || feedReadings > 1_000_000) throw new Error(`--feed-readings must be a whole number from 1000 to 1000000, got "${values['feed-readings']}"`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number, got "${values.seed}"`);
  return { steps, feedReadings, seed, json: values.json };
}

const mib = (value: number) => value.toFixed(1);
const stepLine = (steps: readonly MemoryStep[]) => steps.map((step) => `${step.devices.toLocaleString('en-US')}: ${mib(step.rssMiB)} MiB`).join(', ');

function lines(figures: ConnectionMemoryFigures): string[] {
  const perSecond = figures.feed.readings / figures.feed.seconds;
  const perCore = 1e6 / figures.feed.cpuMicrosPerReading;
  return [
    'Memory per 1,000 devices, and an api node following the feed (loopback)',
    `embedded Kendali, devices connected with one reading each: RSS ${stepLine(figures.embedded)}; ${mib(perThousand(figures.embedded))} MiB per 1,000 connections`,
    `api node (KENDALI_ROLE=api), one reading of each device applied from the feed: RSS ${stepLine(figures.apiNode)}; ${mib(perThousand(figures.apiNode))} MiB per 1,000 devices`,
    `api node following the feed flat out: ${figures.feed.readings.toLocaleString('en-US')} readings applied in ${figures.feed.seconds.toFixed(1)} s (${Math.round(perSecond).toLocaleString('en-US')}/s), ${Math.round(figures.feed.cpuMicrosPerReading)} µs CPU a reading (about ${Math.round(perCore).toLocaleString('en-US')} readings/s per core)`,
    `devices per api node: readings/s per core × seconds between a device's readings, halved for bursts; a reading a minute: about ${Math.round((perCore * 60) / 2).toLocaleString('en-US')} devices per core`,
    'RSS is VmRSS of the platform process 3 s after the step, garbage not forced; the connections and the feed come from the bench process.',
  ];
}

await runBenchEntry('bench:connections', async (cleanup) => {
  const options = readOptions();
  const figures = await runConnectionMemory(options, cleanup);
  return options.json ? `${JSON.stringify({ options, figures }, null, 2)}\n` : `\n${lines(figures).join('\n')}\n`;
});
