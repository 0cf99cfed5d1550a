/**
 * `pnpm bench:storm`: only the connect storm of `pnpm bench` (connect-storm.ts): every registered
 * device connecting at once from a process of its own to the platform as its own process, one QoS1
 * reading each. Loopback only; prints figures, no thresholds.
 */
import { parseArgs } from 'node:util';
import { runBenchEntry } from './bench-entry';
import { maxStormDevices, runConnectStorm } from './connect-storm';
import { stormLines } from './storm-report';

function readOptions(): { devices: number; seed: number; json: boolean } {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      devices: { type: 'string', default: '15000' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const devices = Number(values.devices);
  if (!Number.isInteger(devices) || devices < 1 || devices > maxStormDevices) throw new Error(`--devices must be a whole number from 1 to ${maxStormDevices}, got "${values.devices}"`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number, got "${values.seed}"`);
  return { devices, seed, json: values.json };
}

await runBenchEntry('bench:storm', async (cleanup) => {
  const options = readOptions();
  const storm = await runConnectStorm(options, cleanup);
  return options.json ? `${JSON.stringify({ options, storm }, null, 2)}\n` : `\n${stormLines(storm).join('\n')}\n`;
});
