import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInKinds, builtInProfiles, compileProfile, manualClock, type DeviceProfile, type Reading } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';
import { offlineTitle } from './offline-conditions';

// ISPU and Siaga rules read the fields whose quantity they understand, whatever the kind or the
// field is called; an offline alarm names the device by its kind's words.
const minute = 60_000;
const t0 = Date.parse('2026-11-23T03:00:00Z'); // 10:00 WIB

/** The built-in kinds' own Siaga and ISPU rules, brought by kinds no release ships. */
const siagaRule = builtInProfiles['water-level']!.rules!.find((rule) => rule.type === 'siaga')!;
const ispuRule = builtInProfiles['air-quality']!.rules!.find((rule) => rule.type === 'ispu')!;
const riverGauge: DeviceProfile = {
  labels: { id: 'Pos duga sungai', en: 'River gauge' },
  intervalS: 60,
  fields: { stageCm: { type: 'number', quantity: 'water-level-cm', unit: 'cm', required: true } },
  rules: [siagaRule],
};
const lowCostAir: DeviceProfile = {
  labels: { id: 'Sensor udara murah', en: 'Low-cost air sensor' },
  intervalS: 60,
  fields: { fineDust: { type: 'number', quantity: 'pm25', unit: 'µg/m³', required: true } },
  rules: [ispuRule],
};

let dataDir: string;
let core: Core;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-quantity-rules-'));
  core = await openCore({ ...defaultIngestOptions, dataDir, clock: manualClock(t0) });
  core.alarms.stop(); // the tests drive time themselves
  core.live.stop();
  core.kinds.onActivate(async () => {}); // the store's part in a new kind is not what is tested here
  await core.kinds.put('river-gauge', riverGauge, 'engineer ani');
  await core.kinds.put('low-cost-air', lowCostAir, 'engineer ani');
});

afterEach(async () => {
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

const reading = (deviceId: string, kind: string, fields: Reading['fields'], at: number): Reading => ({ deviceId, kind, district: 'Tangerang', ts: at, receivedAt: at, fields });
const openOf = (deviceId: string) => core.alarms.openAlarms().filter((alarm) => alarm.deviceId === deviceId);

describe('rules by quantity', () => {
  it('raises Siaga 2 for a river gauge whose stageCm field measures water-level-cm, and clears it when the water falls', async () => {
    await core.registry.create('rg-1', { kind: 'river-gauge', name: 'Pos Cisadane Hulu', district: 'Tangerang' });
    core.alarms.onReadings([reading('rg-1', 'river-gauge', { stageCm: 420 }, t0)], t0);
    expect(openOf('rg-1')).toEqual([expect.objectContaining({ type: 'siaga', severity: 'major', value: 420, threshold: 400, title: { id: 'Siaga 2: Pos Cisadane Hulu', en: 'Flood alert Siaga 2: Pos Cisadane Hulu' } })]);
    core.alarms.onReadings([reading('rg-1', 'river-gauge', { stageCm: 250 }, t0 + minute)], t0 + minute);
    expect(openOf('rg-1')).toEqual([]);
  });

  it('raises an ISPU alarm for a low-cost sensor whose fineDust field measures pm25', async () => {
    await core.registry.create('lc-1', { kind: 'low-cost-air', name: 'Sensor Pasar Lama', district: 'Tangerang' });
    core.alarms.onReadings([reading('lc-1', 'low-cost-air', { fineDust: 30 }, t0)], t0);
    expect(openOf('lc-1')).toEqual([]);
    // 200 µg/m³ of PM2.5: ISPU 250, Sangat Tidak Sehat.
    core.alarms.onReadings([reading('lc-1', 'low-cost-air', { fineDust: 200 }, t0 + minute)], t0 + minute);
    expect(openOf('lc-1')).toEqual([expect.objectContaining({ type: 'ispu', severity: 'major', value: 250, detail: { id: 'ISPU 250 (PM2.5), kecamatan Tangerang', en: 'ISPU 250 (PM2.5), Tangerang district' } })]);
  });

  it("titles an offline alarm with the kind's label, or with the profile's own words for an offline device", async () => {
    await core.registry.create('rg-2', { kind: 'river-gauge', name: 'Pos Cisadane Hilir', district: 'Tangerang' });
    const limitMs = 3 * 60_000;
    core.live.heard('rg-2', t0);
    const offlineAt = t0 + limitMs + 1_000;
    core.live.tick(offlineAt);
    expect(core.live.device('rg-2')?.state).toBe('offline');
    core.alarms.tick(offlineAt + 20_000);
    expect(openOf('rg-2').map((alarm) => [alarm.type, alarm.title])).toEqual([['offline', { id: 'Pos duga sungai luring: Pos Cisadane Hilir', en: 'River gauge offline: Pos Cisadane Hilir' }]]);

    expect(offlineTitle(builtInKinds.spec('wifi-ap'), 'AP Taman Potret')).toEqual({ id: 'Wi-Fi mati: AP Taman Potret', en: 'Wi-Fi access point down: AP Taman Potret' });
    const renamed = compileProfile('river-gauge', { ...riverGauge, offlineLabels: { id: 'Pos duga diam', en: 'River gauge silent' } }, 2);
    expect(offlineTitle(renamed, 'Pos X')).toEqual({ id: 'Pos duga diam: Pos X', en: 'River gauge silent: Pos X' });
    expect(offlineTitle(undefined, 'Pos X')).toEqual({ id: 'Perangkat luring: Pos X', en: 'Device offline: Pos X' });
  });
});
