import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, manualClock, type CityHistory } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiFetch, apiJson, registerDevice, startTestPlatform } from '@kendali/test-support';

const minute = 60_000;
const hour = 60 * minute;
/** "Now" on the platform's clock: noon WIB (UTC+7). */
const now = Date.parse('2026-11-23T12:00:00+07:00');
const from = now - 3 * hour;

interface Fleet {
  readonly kind: 'air-quality' | 'water-level';
  readonly district: string;
  /** The reading of hour `h` (0..2 after `from`) at `minuteOfHour`. */
  readonly reading: (h: number, minuteOfHour: number) => Record<string, number>;
}
// Known values: each device reports at 10 and 40 minutes past each of the three hours.
const fleet: Record<string, Fleet> = {
  'aq-cipondoh-1': { kind: 'air-quality', district: 'Cipondoh', reading: (h, m) => ({ pm25: 20 + 10 * h + m / 10, pm10: 40 + h }) },
  'aq-cipondoh-2': { kind: 'air-quality', district: 'Cipondoh', reading: (h, m) => ({ pm25: 60 - 5 * h + m / 5, pm10: 70 }) },
  'aq-karawaci-1': { kind: 'air-quality', district: 'Karawaci', reading: (h, m) => ({ pm25: 100 + h * h + m, pm10: 150 }) },
  'wl-cipondoh-1': { kind: 'water-level', district: 'Cipondoh', reading: (h, m) => ({ waterLevelCm: 210 + 30 * h + m }) },
};
const minutesPastHour = [10, 40];
const readingsOf = (id: string): Record<string, number>[] => [0, 1, 2].flatMap((h) => minutesPastHour.map((m) => ({ ts: from + h * hour + m * minute, ...fleet[id]!.reading(h, m) })));

/** What the API must answer for one district, field and aggregate per hour, computed here from what was sent. */
function expected(district: string, field: string, fn: 'mean' | 'max'): { t: number; value: number }[] {
  return [0, 1, 2].map((h) => {
    const values = Object.entries(fleet)
      .filter(([, device]) => device.district === district && field in device.reading(0, 0))
      .flatMap(([, device]) => minutesPastHour.map((m) => device.reading(h, m)[field]!));
    const value = fn === 'max' ? Math.max(...values) : values.reduce((sum, v) => sum + v, 0) / values.length;
    return { t: from + h * hour, value };
  });
}

let platform: Platform;
let stop: () => Promise<void>;
const history = (query: string) => apiJson<CityHistory>(platform.addresses.http, `/api/history?${query}`);
const refusal = async (query: string) => {
  const response = await apiFetch(platform.addresses.http, `/api/history?${query}`);
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
};

beforeAll(async () => {
  ({ platform, stop } = await startTestPlatform('history', {}, { clock: manualClock(now) }));
  for (const [id, device] of Object.entries(fleet)) {
    const secret = await registerDevice(platform.addresses.http, id, { kind: device.kind, name: id, district: device.district });
    const client = await connectAsync(platform.addresses.mqtt, { clientId: id, username: id, password: secret, reconnectPeriod: 0 });
    // QoS1: the PUBACK comes once the readings are stored.
    await client.publishAsync(deviceTopic(id, 'telemetry'), JSON.stringify(readingsOf(id)), { qos: 1 });
    await client.endAsync();
  }
});

afterAll(async () => {
  await stop?.();
});

describe('GET /api/history through a real platform fed over MQTT', () => {
  it('answers the mean and highest PM2.5 per district per hour, as computed from what the devices sent', async () => {
    // `from` without a zone is the room city's wall clock (WIB); `to` defaults to the platform's now.
    const answer = await history('kind=air-quality&fields=pm25&fn=mean,max&every=1h&groupBy=district&from=2026-11-23T09:00');
    expect([answer.from, answer.to, answer.everyMs, answer.groupBy]).toEqual([from, now, hour, 'district']);
    expect(answer.series.map((s) => [s.group, s.kind, s.field, s.fn, s.unit])).toEqual([
      ['Cipondoh', 'air-quality', 'pm25', 'max', 'µg/m³'],
      ['Cipondoh', 'air-quality', 'pm25', 'mean', 'µg/m³'],
      ['Karawaci', 'air-quality', 'pm25', 'max', 'µg/m³'],
      ['Karawaci', 'air-quality', 'pm25', 'mean', 'µg/m³'],
    ]);
    for (const series of answer.series) {
      expect(series.points.map((p) => p.t)).toEqual(expected(series.group, 'pm25', 'mean').map((p) => p.t));
      series.points.forEach((point, i) => {
        expect(point.value, `${series.group} ${series.fn} hour ${i}`).toBeCloseTo(expected(series.group, 'pm25', series.fn as 'mean' | 'max')[i]!.value, 9);
      });
      // Hourly buckets on the room's midnight may be read from raw readings or the hourly roll-up: the same figures.
      expect(['raw', '1h']).toContain(series.tier);
    }
  });

  it('reads several kinds and fields for devices named by id, one series per device, each with its unit', async () => {
    const answer = await history(`device=wl-cipondoh-1,aq-cipondoh-1&fields=pm25,pm10,waterLevelCm&every=1h&from=${from}&to=${now}`);
    expect(answer.series.map((s) => [s.kind, s.group, s.field, s.fn, s.unit, s.points.length])).toEqual([
      ['air-quality', 'aq-cipondoh-1', 'pm10', 'mean', 'µg/m³', 3],
      ['air-quality', 'aq-cipondoh-1', 'pm25', 'mean', 'µg/m³', 3],
      ['water-level', 'wl-cipondoh-1', 'waterLevelCm', 'mean', 'cm', 3],
    ]);
    expect(answer.series[2]!.points.map((p) => p.value)).toEqual([235, 265, 295]); // (210 + 10 + 210 + 40) / 2, then + 30 an hour
  });

  it('groups by kind over a district, and reads raw readings of a whole city one series per device', async () => {
    const byKind = await history(`district=cipondoh&kind=air-quality&fields=pm25&fn=count&every=1h&groupBy=kind&from=${from}`);
    expect(byKind.series.map((s) => [s.group, s.points.map((p) => p.value)])).toEqual([['air-quality', [4, 4, 4]]]);

    const raw = await history(`city=kota-tangerang&fields=pm25&from=${from}&to=${now}`);
    expect(raw.everyMs).toBeNull();
    expect(raw.series.map((s) => [s.group, s.fn, s.tier, s.points.length])).toEqual([
      ['aq-cipondoh-1', null, 'raw', 6],
      ['aq-cipondoh-2', null, 'raw', 6],
      ['aq-karawaci-1', null, 'raw', 6],
    ]);
    expect(raw.series[2]!.points.map((p) => p.value)).toEqual(readingsOf('aq-karawaci-1').map((r) => r.pm25));
  });

  it('answers an empty list for a selection that matches no device', async () => {
    const answer = await history(`district=Batuceper&kind=air-quality&fields=pm25&every=1h&from=${from}`);
    expect(answer.series).toEqual([]);
  });

  it.each([
    ['an unknown kind', 'kind=air&fields=pm25', 'KENDALI_ERR_SELECTOR_INVALID', /unknown kind "air".*air-quality/],
    ['an unknown city', 'city=jakarta&fields=pm25', 'KENDALI_ERR_SELECTOR_INVALID', /unknown city "jakarta".*kota-tangerang/],
    ['an unknown device', 'device=aq-nowhere&fields=pm25', 'KENDALI_ERR_SELECTOR_INVALID', /"aq-nowhere"/],
    ['an unknown district', 'district=Atlantis&fields=pm25', 'KENDALI_ERR_DISTRICT_UNKNOWN', /Atlantis/],
    ['a field no selected kind has', 'kind=water-level&fields=pm25', 'KENDALI_ERR_SELECTOR_INVALID', /field "pm25".*waterLevelCm/],
    ['an unknown aggregate', 'kind=air-quality&fields=pm25&every=1h&fn=median', 'KENDALI_ERR_SELECTOR_INVALID', /aggregate "median".*mean/],
    ['no selector', 'fields=pm25', 'KENDALI_ERR_SELECTOR_INVALID', /at least one of device, kind, district or city/],
    ['raw readings grouped by district', 'kind=air-quality&fields=pm25&groupBy=district', 'KENDALI_ERR_SELECTOR_INVALID', /give "every".*district/],
    ['too many points for one series', 'kind=air-quality&fields=pm25&every=1s', 'KENDALI_ERR_RANGE_INVALID', /1s buckets.*10000 points a series/],
    ['an unreadable "from"', 'kind=air-quality&fields=pm25&from=yesterday', 'KENDALI_ERR_RANGE_INVALID', /"from".*"yesterday"/],
  ])('refuses %s with 400, its code and a message naming the problem', async (_name, query, code, message) => {
    const answer = await refusal(query);
    expect(answer.status).toBe(400);
    expect(answer.code).toBe(code);
    expect(answer.message).toMatch(message);
  });
});
