import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kotaSerang, siagaLevel, waterGateById, type DeviceStatus } from '@kendali/contracts';
import { apiJson, testAdminToken, runSimulatorCli, spawnPlatform, type RunningPlatform, makeTempDir, waitFor } from '@kendali/test-support';

let platform: RunningPlatform;
let data: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  data = await makeTempDir('drills');
  platform = await spawnPlatform({
    KENDALI_DATA_DIR: data.path,
    KENDALI_SIMULATE: '1',
    KENDALI_SIMULATE_DEVICES: '80',
    KENDALI_SIMULATE_SCENARIO: 'flood,ap-outage,sensor-faults',
    KENDALI_SIMULATE_SPEED: '144',
    // The drills' sequence is what is checked here, not their real duration: played four times
    // sooner, the flood reaches Siaga 3 some 5 s after the start instead of 20 s.
    KENDALI_SIMULATE_DRILL_PACE: '4',
  });
});

afterAll(async () => {
  const code = await platform?.stop();
  await data?.remove();
  expect(code).toBe(0);
});

const devices = (on: RunningPlatform = platform) => apiJson<DeviceStatus[]>(on.http, '/api/devices');

// The two rooms run side by side: the Kota Serang room is started and fed while the drills play at their own pace.
describe.concurrent('drills under pnpm start (KENDALI_SIMULATE_SCENARIO)', () => {
  it('registers the simulated posts with their gates and shows the effects of each drill', async ({ expect }) => {
    const gate = waterGateById('pintu-air-10');
    if (!gate) throw new Error('no Pintu Air 10');
    const post = (await devices()).find((device) => device.id === 'wl-pintu-air-10');
    expect(post?.metadata).toMatchObject({ simulated: true, gate: 'pintu-air-10', river: 'Cisadane' });

    // flood: Pintu Air 10 reaches Siaga 3 (~22 s of drill time after the simulators start, ~5.5 s at pace 4).
    await waitFor(async () => {
      const latest = (await devices()).find((device) => device.id === 'wl-pintu-air-10')?.latest?.fields.waterLevelCm;
      return (typeof latest === 'number' && siagaLevel(gate, latest) <= 3) || undefined;
    }, 'Pintu Air 10 at Siaga 3', 45_000);

    // ap-outage: access points go offline through their last will.
    await waitFor(async () => (await devices()).some((device) => device.kind === 'wifi-ap' && device.state === 'offline') || undefined, 'an AP offline', 30_000);

    // sensor-faults: each bad message is answered with its reason.
    await waitFor(async () => {
      const codes = new Set((await apiJson<{ code: string }[]>(platform.http, '/api/rejections?limit=500')).map((rejection) => rejection.code));
      return ['KENDALI_ERR_FIELD_RANGE', 'KENDALI_ERR_PAYLOAD_MALFORMED', 'KENDALI_ERR_TIMESTAMP'].every((code) => codes.has(code)) || undefined;
    }, 'range, malformed and timestamp rejections', 30_000);
  });
});

describe.concurrent('the simulator CLI in Kota Serang', () => {
  let serang: RunningPlatform;
  let serangData: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    serangData = await makeTempDir('drills-serang');
    serang = await spawnPlatform({ KENDALI_DATA_DIR: serangData.path, KENDALI_SIMULATE: '0', KENDALI_CITY: 'kota-serang' });
  });

  afterAll(async () => {
    const code = await serang?.stop();
    await serangData?.remove();
    expect(code).toBe(0);
  });

  it('stores SenML from the simulator CLI like JSON', async ({ expect }) => {
    const args = ['--url', serang.mqtt, '--api', serang.http, '--api-token', testAdminToken, '--city', 'kota-serang', '--devices', '10', '--rate', '2', '--duration', '2', '--senml'];
    const { code, stdout, stderr } = await runSimulatorCli(args);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/sent (\d+) · acked \1 · rejected 0 · failed 0/);
    const inSerang = new Set(kotaSerang.districts.map((district) => district.name));
    // The room runs no simulators of its own: every reading here came from the CLI, as SenML.
    const stations = (await devices(serang)).filter((device) => inSerang.has(device.district) && device.kind === 'air-quality');
    expect(stations.length).toBeGreaterThan(0);
    for (const station of stations) expect(station.latest?.fields).toMatchObject({ pm25: expect.any(Number), temperatureC: expect.any(Number), humidityPct: expect.any(Number) });
  });
});
