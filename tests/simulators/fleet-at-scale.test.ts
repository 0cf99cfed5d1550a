import { describe, expect, it } from 'vitest';
import { connectFleetAtScale, describeScaleRun } from './fleet-at-scale';

/**
 * The city scale: 10,000 devices from one simulator process, each connecting with its own
 * credentials. About 75 s here (register ~2 s, connect ~30 s, publish 10 s, then stopping both
 * processes). KENDALI_SCALE_DEVICES overrides the size.
 */
const devices = Number(process.env.KENDALI_SCALE_DEVICES ?? 10_000);

describe('a city-scale fleet from one simulator process', () => {
  it(`connects ${devices} devices with their own credentials to the embedded platform, and every reading is acknowledged`, { timeout: 600_000 }, async () => {
    const run = await connectFleetAtScale(devices, { publishS: 10, rateHz: 0.5 });
    console.log(describeScaleRun(run));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.onlineDevices).toBe(devices);
    expect(run.sent).toBeGreaterThanOrEqual(devices); // each device publishes about five times in 10 s at 0.5 Hz
    expect(run.acknowledged).toBe(run.sent);
    expect(run.failed).toBe(0);
    expect(run.connectS).toBeGreaterThan(0);
  });
});
