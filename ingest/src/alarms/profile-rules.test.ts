import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInProfiles, manualClock, type DeviceProfile, type ManualClock, type Reading, type StateRule, type ThresholdRule } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';

// A kind's rules come with its profile: they watch its devices from the version that brings them,
// beside the rules document, whose rule of the same id replaces the profile's.
const minute = 60_000;
const t0 = Date.parse('2026-11-23T03:00:00Z'); // 10:00 WIB

let dataDir: string;
let core: Core;
let clock: ManualClock;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-profile-rules-'));
  clock = manualClock(t0);
  core = await openCore({ ...defaultIngestOptions, dataDir, clock });
  core.alarms.stop(); // the tests drive time themselves
  core.live.stop();
  // The alarm engine reads kinds only: the store's part in a new kind is not what is tested here.
  core.kinds.onActivate(async () => {});
});

afterEach(async () => {
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

const threshold = (id: string, field: string, limit: number, scope: ThresholdRule['scope'] = {}): ThresholdRule => ({
  id,
  name: id,
  type: 'threshold',
  enabled: true,
  scope,
  minDurationMs: 0,
  field,
  op: 'above',
  limit,
  hysteresis: 2,
  severity: 'warning',
});

const noiseLevel = (rules: ThresholdRule[]): DeviceProfile => ({
  labels: { id: 'Kebisingan', en: 'Noise' },
  intervalS: 60,
  fields: { laeqDb: { type: 'number', unit: 'dB(A)', min: 30, max: 130, required: true } },
  rules,
});

const noise = (deviceId: string, laeqDb: number, at: number): Reading => ({ deviceId, kind: 'noise-level', district: 'Benda', ts: at, receivedAt: at, fields: { laeqDb } });
const openRuleIds = (deviceId: string) =>
  core.alarms
    .openAlarms()
    .filter((alarm) => alarm.deviceId === deviceId)
    .map((alarm) => alarm.ruleId)
    .sort();

describe('alarm rules from profiles', () => {
  it("fires a threshold rule of a new kind's profile, and follows a new version of the profile at once", async () => {
    await core.kinds.put('noise-level', noiseLevel([threshold('noise-loud', 'laeqDb', 85)]), 'engineer ani');
    await core.registry.create('nl-1', { kind: 'noise-level', name: 'Alun-alun', district: 'Benda' });
    core.alarms.onReadings([noise('nl-1', 80, t0)], t0);
    expect(openRuleIds('nl-1')).toEqual([]);
    core.alarms.onReadings([noise('nl-1', 90, t0 + minute)], t0 + minute);
    expect(openRuleIds('nl-1')).toEqual(['noise-loud']);
    expect(core.alarms.openAlarms().find((alarm) => alarm.ruleId === 'noise-loud')).toMatchObject({ value: 90, severity: 'warning' });

    // Version 2 raises the limit to 95: 92 dB(A) now clears the alarm.
    await core.kinds.put('noise-level', noiseLevel([threshold('noise-loud', 'laeqDb', 95)]), 'engineer ani');
    core.alarms.onReadings([noise('nl-1', 92, t0 + 2 * minute)], t0 + 2 * minute);
    expect(openRuleIds('nl-1')).toEqual([]);
  });

  it('fires a rule on a new kind put through the rules document, and lets a document rule of the same id replace the profile rule', async () => {
    await core.kinds.put('noise-level', noiseLevel([threshold('noise-loud', 'laeqDb', 85)]), 'engineer ani');
    await core.registry.create('nl-2', { kind: 'noise-level', name: 'Pasar Anyar', district: 'Benda' });
    await core.alarms.replaceRules(
      {
        rules: [
          ...core.alarms.rules.rules,
          threshold('noise-night', 'laeqDb', 60, { kind: 'noise-level', deviceId: 'nl-2' }),
          { ...threshold('noise-loud', 'laeqDb', 85, { kind: 'noise-level' }), enabled: false },
        ],
      },
      'engineer ani',
    );
    core.alarms.onReadings([noise('nl-2', 90, t0)], t0);
    // The profile's noise-loud is replaced by the document's disabled one; the document's own rule fires.
    expect(openRuleIds('nl-2')).toEqual(['noise-night']);
  });

  it("gives the built-in kinds their profiles' rules under the default document", async () => {
    expect(core.alarms.rules.rules.map((rule) => rule.id).sort()).toEqual(['clock-skew', 'device-offline', 'out-of-range', 'settings-drift']);
    await core.registry.create('wl-1', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
    core.alarms.onReadings([{ deviceId: 'wl-1', kind: 'water-level', district: 'Tangerang', ts: t0, receivedAt: t0, fields: { waterLevelCm: 430 } }], t0);
    expect(openRuleIds('wl-1')).toEqual(['water-siaga']);
    expect(builtInProfiles['water-level']!.rules?.map((rule) => rule.id)).toContain('water-siaga');
  });

  it('refuses a rules document naming a kind no profile defines, or a field the kind lacks, with the path', async () => {
    await expect(core.alarms.replaceRules({ rules: [threshold('x', 'laeqDb', 1, { kind: 'noise-level' })] }, 'eng')).rejects.toThrow(
      /rules\/0\/scope\/kind: no device profile defines kind "noise-level"/,
    );
    await expect(
      core.alarms.replaceRules({ rules: [threshold('x', 'pm25', 1, { kind: 'air-quality' }), { ...threshold('y', 'laeqDb', 1, { kind: 'air-quality' }) }] }, 'eng'),
    ).rejects.toThrow(/rules\/1\/field: kind "air-quality" has no field "laeqDb"/);
    await expect(
      core.alarms.replaceRules(
        { rules: [{ id: 's', name: 's', type: 'stuck', enabled: true, scope: { kind: 'water-level' }, minDurationMs: 0, fields: ['waterLevelCm', 'pm25'], severity: 'minor' }] },
        'eng',
      ),
    ).rejects.toThrow(/rules\/0\/fields\/1: kind "water-level" has no field "pm25"/);
    expect(core.alarms.rules.version).toBe(0);
  });

  it("fires a state rule while a camera's string field is down, in the labels of its profile, and clears on another value", async () => {
    const rule: StateRule = { id: 'camera-down', name: 'Kamera mati', type: 'state', enabled: true, scope: {}, minDurationMs: 0, field: 'status', values: ['down'], severity: 'major' };
    await core.kinds.put(
      'cctv',
      {
        labels: { id: 'CCTV', en: 'CCTV' },
        intervalS: 60,
        fields: { status: { type: 'string', values: ['ok', 'degraded', 'down'], labels: { id: 'Kondisi', en: 'Health' }, valueLabels: { down: { id: 'Mati', en: 'Down' } } } },
        rules: [rule],
      },
      'engineer ani',
    );
    await core.registry.create('cam-1', { kind: 'cctv', name: 'Kamera Alun-alun', district: 'Benda' });
    const status = (value: string, at: number): Reading => ({ deviceId: 'cam-1', kind: 'cctv', district: 'Benda', ts: at, receivedAt: at, fields: { status: value } });
    core.alarms.onReadings([status('degraded', t0)], t0);
    expect(openRuleIds('cam-1')).toEqual([]);
    core.alarms.onReadings([status('down', t0 + minute)], t0 + minute);
    expect(core.alarms.openAlarms().find((alarm) => alarm.ruleId === 'camera-down')).toMatchObject({
      type: 'state',
      severity: 'major',
      title: { id: 'Kamera mati: Kamera Alun-alun', en: 'Kamera mati: Kamera Alun-alun' },
      detail: { id: 'Kondisi: Mati (down)', en: 'Health: Down (down)' },
    });
    core.alarms.onReadings([status('ok', t0 + 2 * minute)], t0 + 2 * minute);
    expect(openRuleIds('cam-1')).toEqual([]);
  });

  it('refuses a state rule in the rules document naming a value its field does not take, and a threshold on a string field', async () => {
    await core.kinds.put('cctv', { labels: { id: 'CCTV', en: 'CCTV' }, intervalS: 60, fields: { status: { type: 'string', values: ['ok', 'down'] } } }, 'engineer ani');
    const rule: StateRule = { id: 'camera-off', name: 'Kamera', type: 'state', enabled: true, scope: { kind: 'cctv' }, minDurationMs: 0, field: 'status', values: ['off'], severity: 'major' };
    await expect(core.alarms.replaceRules({ rules: [...core.alarms.rules.rules, rule] }, 'engineer ani')).rejects.toThrow(/values\/0: "off" is not one of status's values \(ok, down\)/);
    const above = threshold('status-above', 'status', 1, { kind: 'cctv' });
    await expect(core.alarms.replaceRules({ rules: [...core.alarms.rules.rules, above] }, 'engineer ani')).rejects.toThrow(/rules\/\d+\/field: a threshold compares numbers, and "status" of kind "cctv" is a string field/);
  });
});
