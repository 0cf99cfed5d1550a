import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badung, tangerangSelatan, type City, type DeviceStatus, type HandoverReport } from '@kendali/contracts';
import { apiFetch, apiJson, makeTempDir, spawnPlatform, waitFor, type RunningPlatform } from '@kendali/test-support';

// A regional room run from Bali that also watches Tangerang Selatan: KENDALI_CITY as `pnpm start` reads it.
let platform: RunningPlatform;
let data: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  data = await makeTempDir('cities');
  platform = await spawnPlatform({ KENDALI_DATA_DIR: data.path, KENDALI_CITY: 'badung,tangerang-selatan', KENDALI_SIMULATE: '1', KENDALI_SIMULATE_DEVICES: '26' });
});

afterAll(async () => {
  const code = await platform?.stop();
  await data?.remove();
  expect(code).toBe(0);
});

const hourMs = 3_600_000;
const witaOffsetMs = 8 * hourMs; // Asia/Makassar keeps UTC+8 all year

describe('KENDALI_CITY=badung,tangerang-selatan', () => {
  it('serves both cities at /api/cities, the room first', async () => {
    const { cities } = await apiJson<{ cities: City[] }>(platform.http, '/api/cities');
    expect(cities.map((city) => [city.id, city.zone.abbreviation, city.districts.length])).toEqual([
      ['badung', 'WITA', badung.districts.length],
      ['tangerang-selatan', 'WIB', tangerangSelatan.districts.length],
    ]);
  });

  it('hands over shifts on the room city clock: WITA, starting at 07:00, 14:00 or 21:00 WITA', async () => {
    const { shift } = await apiJson<HandoverReport>(platform.http, '/api/alarms/handover?shift=current');
    expect(shift.name).toMatch(/^(07:00-14:00|14:00-21:00|21:00-07:00) WITA$/);
    const startHourWita = (((shift.from + witaOffsetMs) % (24 * hourMs)) + 24 * hourMs) % (24 * hourMs) / hourMs;
    expect(startHourWita).toBe(Number(shift.name.slice(0, 2)));
  });

  it('spreads the built-in fleet over both cities, and refuses a device in a district of neither', async () => {
    const inBadung = new Set(badung.districts.map((district) => district.name));
    const inTangsel = new Set(tangerangSelatan.districts.map((district) => district.name));
    const devices = await waitFor(async () => {
      const listed = await apiJson<DeviceStatus[]>(platform.http, '/api/devices');
      return listed.length === 26 ? listed : undefined;
    }, 'the 26 simulated devices', 30_000);
    expect(devices.filter((device) => inBadung.has(device.district))).toHaveLength(12); // 6 of the 13 districts
    expect(devices.filter((device) => inTangsel.has(device.district))).toHaveLength(14);

    const refused = await apiFetch(platform.http, '/api/devices', { method: 'POST', body: { id: 'sl-karawaci', kind: 'street-light', name: 'PJU', district: 'Karawaci' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('KENDALI_ERR_DISTRICT_UNKNOWN');
  });
});
