import { describe, expect, it } from 'vitest';
import { connectFleetAtScale, describeScaleRun } from './fleet-at-scale';

/**
 * The city scale: 10,000 devices from one simulator process, each connecting with its own
 * credentials. KENDALI_SCALE_DEVICES overrides the size. The devices publish for 5 s: each sends its
 * first reading within its first 2 s period (0.5 Hz, staggered), so every device has published and been
 * acknowledged, about twice; a longer run would repeat the same readings, not test more.
 */
const devices = Number(process.env.KENDALI_SCALE_DEVICES ?? 10_000);

describe('a city-scale fleet from one simulator process', () => {
  it(`connects ${devices} devices with their own credentials to the embedded platform, and every reading is acknowledged`, { timeout: 600_000 }, async () => {
    const run = await connectFleetAtScale(devices, { publishS: 5, rateHz: 0.5 });
    console.log(describeScaleRun(run));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.onlineDevices).toBe(devices);
    expect(run.sent).toBeGreaterThanOrEqual(devices); // each device publishes about twice in 5 s at 0.5 Hz
    expect(run.acknowledged).toBe(run.sent);
    expect(run.failed).toBe(0);
    expect(run.connectS).toBeGreaterThan(0);
  });
});
