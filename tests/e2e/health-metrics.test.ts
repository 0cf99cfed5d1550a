import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm } from '@kendali/contracts';
import { platformMetricNames } from '@kendali/deploy';
import { apiJson, registerDevice, startTestPlatform, testAdminToken, waitFor, type TestPlatform } from '@kendali/test-support';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Prometheus text exposition 0.0.4 as samples (label values here hold no escaped quotes). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="([^"]*)"/g)].map((pair) => [pair[1]!, pair[2]!]));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

const matches = (sample: Sample, labels: Record<string, string>) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value);

/** One histogram's series: its count, sum, and cumulative buckets in the order exposed. */
function histogram(samples: readonly Sample[], name: string, labels: Record<string, string> = {}) {
  const of = (suffix: string) => samples.filter((sample) => sample.name === `${name}${suffix}` && matches(sample, labels));
  return { count: of('_count')[0]?.value ?? Number.NaN, sum: of('_sum')[0]?.value ?? Number.NaN, buckets: of('_bucket') };
}

/** The checks every histogram must pass: buckets never decrease, +Inf holds them all, the sum is no less than 0. */
function expectWellFormed(series: ReturnType<typeof histogram>, name: string): void {
  expect(series.buckets.length, `${name} has buckets`).toBeGreaterThan(1);
  const counts = series.buckets.map((bucket) => bucket.value);
  expect(counts, `${name} buckets are cumulative`).toEqual([...counts].sort((a, b) => a - b));
  expect(series.buckets.at(-1)?.labels.le).toBe('+Inf');
  expect(series.buckets.at(-1)?.value).toBe(series.count);
  expect(series.sum).toBeGreaterThanOrEqual(0);
}

const deviceId = 'wl-metrics-1';
const messages = 30;
let test: TestPlatform;
let device: MqttClient;

const scrape = async () => parseMetrics(await (await fetch(`${test.platform.addresses.http}/metrics?token=${testAdminToken}`)).text());

beforeAll(async () => {
  test = await startTestPlatform('health-metrics');
  const secret = await registerDevice(test.platform.addresses.http, deviceId, { kind: 'water-level', name: 'Pos uji', district: 'Tangerang' });
  device = await connectAsync(test.platform.addresses.mqtt, { clientId: deviceId, username: deviceId, password: secret, reconnectPeriod: 0 });
});

afterAll(async () => {
  await device?.endAsync();
  await test?.stop();
});

describe("Kendali's own health on /metrics after real MQTT traffic", () => {
  it('times every message to durable, every commit, live frames and HTTP requests, and counts open alarms by severity', async () => {
    // Each PUBACK (QoS 1) is awaited: the readings are durable when it arrives. The last crosses Siaga 1.
    for (let n = 0; n < messages; n++) {
      await device.publishAsync(deviceTopic(deviceId, 'telemetry'), JSON.stringify({ waterLevelCm: n === messages - 1 ? 520 : 200 + n }), { qos: 1 });
    }

    const open = (samples: readonly Sample[], severity: string) => samples.find((sample) => sample.name === 'kendali_alarms_open' && sample.labels.severity === severity)?.value;
    const samples = await waitFor(async () => {
      const scraped = await scrape();
      return histogram(scraped, 'kendali_live_frame_lag_seconds').count > 0 && (open(scraped, 'critical') ?? 0) > 0 ? scraped : undefined;
    }, 'a live frame carrying the readings, and the Siaga 1 alarm counted');
    const alarms = await apiJson<Alarm[]>(test.platform.addresses.http, '/api/alarms');

    const durable = histogram(samples, 'kendali_publish_durable_seconds');
    expectWellFormed(durable, 'publish to durable');
    expect(durable.count).toBe(messages); // one observation per message, none per retry or reading
    expect(durable.sum).toBeGreaterThan(0);

    const commits = histogram(samples, 'kendali_store_commit_seconds');
    expectWellFormed(commits, 'commit');
    const commitsTotal = samples.find((sample) => sample.name === 'kendali_store_commits_total')?.value;
    expect(commits.count).toBe(commitsTotal);
    expect(commits.count).toBeGreaterThanOrEqual(1);
    // The messages went one at a time, each waiting for a commit begun after it arrived: the commits
    // cannot have taken longer in all than the messages waited.
    expect(commits.sum).toBeLessThanOrEqual(durable.sum);

    const frameLag = histogram(samples, 'kendali_live_frame_lag_seconds');
    expectWellFormed(frameLag, 'frame lag');

    const registration = histogram(samples, 'kendali_http_request_duration_seconds', { method: 'POST', route: '/api/devices' });
    expectWellFormed(registration, 'HTTP POST /api/devices');
    expect(registration.count).toBe(1);
    const alarmReads = histogram(await scrape(), 'kendali_http_request_duration_seconds', { method: 'GET', route: '/api/alarms', code: '200' });
    expect(alarmReads.count).toBe(1);
    // Routes are patterns, never URLs with ids or tokens in them.
    const routes = samples.filter((sample) => sample.name === 'kendali_http_request_duration_seconds_count').map((sample) => sample.labels.route ?? '');
    expect(routes.filter((route) => route.includes('?') || route.includes(deviceId))).toEqual([]);

    // The open alarms the API lists (active and acknowledged; none is shelved here), by severity.
    expect(alarms.some((alarm) => alarm.deviceId === deviceId && alarm.severity === 'critical')).toBe(true);
    for (const severity of ['critical', 'major', 'minor', 'warning']) {
      expect(open(samples, severity), severity).toBe(alarms.filter((alarm) => alarm.severity === severity).length);
    }
  });

  it('exposes every series the platform board in Grafana reads', async () => {
    const names = new Set((await scrape()).map((sample) => sample.name.replace(/_(bucket|count|sum)$/, '')));
    // The spool exists only in front of InfluxDB (tests/influx reads it there).
    const missing = platformMetricNames().filter((name) => !name.startsWith('kendali_spool_') && !names.has(name));
    expect(missing).toEqual([]);
  });
});
