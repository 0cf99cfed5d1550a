import { setTimeout as sleep } from 'node:timers/promises';

export interface PlatformFigures {
  /** kendali_devices{state="online"} */
  readonly devicesOnline: number;
  /** kendali_readings_stored_total */
  readonly readingsStored: number;
  /** kendali_feed_readings_applied_total (an api node; NaN elsewhere) */
  readonly feedReadingsApplied: number;
}

/** The figures the wall bench needs from `GET /metrics` (Prometheus text; admin token). */
export async function readPlatformFigures(http: string, token: string): Promise<PlatformFigures> {
  const response = await fetch(`${http}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
  return {
    devicesOnline: value(/^kendali_devices\{state="online"\} (\d+)$/m),
    readingsStored: value(/^kendali_readings_stored_total (\d+)$/m),
    feedReadingsApplied: value(/^kendali_feed_readings_applied_total (\d+)$/m),
  };
}

/**
 * Polls /metrics once a second until `devices` are online; resolves with the seconds it took, or
 * rejects after `limitMs` with the count it reached. `onWaiting` hears the count every 15 s.
 */
export async function waitForDevicesOnline(http: string, token: string, devices: number, limitMs: number, onWaiting: (online: number, seconds: number) => void): Promise<number> {
  const startedAt = Date.now();
  let online = 0;
  let lastSaid = startedAt;
  while (Date.now() - startedAt < limitMs) {
    online = (await readPlatformFigures(http, token)).devicesOnline;
    if (online >= devices) return (Date.now() - startedAt) / 1000;
    if (Date.now() - lastSaid >= 15_000) {
      lastSaid = Date.now();
      onWaiting(online, Math.round((lastSaid - startedAt) / 1000));
    }
    await sleep(1_000);
  }
  throw new Error(`only ${online} of ${devices} devices were online after ${limitMs / 1000} s`);
}
