import { Writable } from 'node:stream';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { defaultInfluxStoreOptions, type InfluxStoreOptions } from '@kendali/ingest';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import { registerDevice, testAdminToken } from '@kendali/test-support';

/** An InfluxDB store on `url` without credentials, its spool in `spoolDir`, retrying quickly. */
export function influxStoreOptions(url: string, database: string, spoolDir: string, overrides: Partial<InfluxStoreOptions> = {}): InfluxStoreOptions {
  return {
    ...defaultInfluxStoreOptions,
    url,
    token: null,
    database,
    spoolDir,
    spoolMaxBytes: 16 * 1024 * 1024,
    retry: { minDelayMs: 50, maxDelayMs: 200, jitterMs: 20, maxRetries: 3 },
    // influxd drops points older than a retention policy by its own (real) clock: keep every tier for
    // good, so readings at fixed dates are stored whatever today's date is.
    retention: { rawMs: Number.POSITIVE_INFINITY, minuteMs: Number.POSITIVE_INFINITY },
    ...overrides,
  };
}

/** The platform in this process, time series in `database` on `influxUrl`, its log lines kept. */
export async function startInfluxPlatform(
  dataDir: string,
  influxUrl: string,
  database: string,
  env: Record<string, string> = {},
): Promise<{ platform: Platform; logLines: string[] }> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const config = loadConfig({
    KENDALI_DATA_DIR: dataDir,
    KENDALI_HTTP_PORT: '0',
    KENDALI_MQTT_PORT: '0',
    KENDALI_SIMULATE: '0',
    KENDALI_REPORTS: 'off', // scheduled reports would read the real date
    KENDALI_ADMIN_TOKEN: testAdminToken,
    KENDALI_INFLUX_URL: influxUrl,
    KENDALI_INFLUX_DATABASE: database,
    ...env,
  });
  const platform = await startPlatform(config, { logger: pino({ level: 'info' }, sink) });
  return { platform, logLines };
}

/** Registers a traffic counter and connects it over MQTT (TCP_NODELAY on, as every socket we own). */
export async function connectTrafficCounter(http: string, mqtt: string, id: string): Promise<MqttClient> {
  const secret = await registerDevice(http, id, { kind: 'traffic', name: `Simpang ${id}`, district: 'Cipondoh' });
  const client = await connectAsync(mqtt, { clientId: id, username: id, password: secret, reconnectPeriod: 0 });
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  return client;
}

/** Reads one Prometheus sample (no labels) from /metrics. */
export async function metric(http: string, name: string): Promise<number> {
  const text = await (await fetch(`${http}/metrics?token=${testAdminToken}`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}

export async function readiness(http: string): Promise<{ status: number; store: { ok: boolean; detail: string } | undefined }> {
  const response = await fetch(`${http}/readyz`);
  const body = (await response.json()) as { checks: Record<string, { ok: boolean; detail: string }> };
  return { status: response.status, store: body.checks.store };
}

/** Values of one device's vehicleCount as InfluxDB holds them, one entry per stored point. */
export async function storedCounts(query: (q: string, db: string) => Promise<{ values: unknown[][] }[]>, database: string, deviceId: string): Promise<number[]> {
  const series = await query(`SELECT "vehicleCount" FROM "traffic" WHERE "deviceId" = '${deviceId}'`, database);
  return (series[0]?.values ?? []).map((row) => Number(row[1]));
}
