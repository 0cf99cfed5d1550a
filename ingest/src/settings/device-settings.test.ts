import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type SettingsMessage } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';

const t0 = Date.parse('2026-03-10T03:00:00Z');
const driftAfterMs = 60_000; // 1 minute
const clock = manualClock(t0);
let dataDir: string;
let core: Core | undefined;
const published: { deviceId: string; message: SettingsMessage }[] = [];

async function open(): Promise<Core> {
  core = await openCore({ ...defaultIngestOptions, dataDir, clock, settingsDriftAfterMs: driftAfterMs });
  core.alarms.stop(); // the test's clock drives the alarm engine
  await core.settings.deliverThrough(async (deviceId, message) => {
    published.push({ deviceId, message });
  });
  return core;
}

const schedule = [
  { from: '18:00', level: 1 },
  { from: '23:00', level: 0.4 },
];
const report = (value: unknown) => Buffer.from(JSON.stringify(value));
const driftAlarm = (deviceId: string) => core!.alarms.openAlarms().find((alarm) => alarm.type === 'settings-drift' && alarm.deviceId === deviceId);

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-settings-'));
  clock.set(t0);
  published.length = 0;
  const opened = await open();
  await opened.registry.upsert('sl-1', { kind: 'street-light', name: 'PJU Cibodas 1', district: 'Cibodas' });
  await opened.registry.upsert('aq-1', { kind: 'air-quality', name: 'AQ 1', district: 'Karawaci' });
});

afterEach(async () => {
  await core?.close();
  core = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('device settings', () => {
  it('stores desired settings with the next version and publishes them; a refused change publishes and stores nothing', async () => {
    const { settings } = core!;
    await expect(settings.put('sl-1', { reportIntervalS: 60, dimmingSchedule: [{ from: '25:00', level: 1 }] }, 'eng')).rejects.toMatchObject({
      code: 'KENDALI_ERR_SETTING_VALUE',
      message: expect.stringContaining('/settings/dimmingSchedule/0/from must match pattern'),
    });
    await expect(settings.put('aq-1', { dimmingSchedule: schedule }, 'eng')).rejects.toMatchObject({ code: 'KENDALI_ERR_SETTING_UNKNOWN' });
    await expect(settings.put('ghost', { reportIntervalS: 60 }, 'eng')).rejects.toMatchObject({ code: 'KENDALI_ERR_DEVICE_NOT_FOUND' });
    await core!.registry.update('aq-1', { enabled: false });
    await expect(settings.put('aq-1', { reportIntervalS: 60 }, 'eng')).rejects.toMatchObject({ code: 'KENDALI_ERR_DEVICE_DISABLED' });
    expect(published).toEqual([]);
    expect(settings.list()).toEqual([]);

    await settings.put('sl-1', { reportIntervalS: 60 }, 'eng');
    clock.advance(1_000);
    const second = await settings.put('sl-1', { reportIntervalS: 30, dimmingSchedule: schedule }, 'budi (engineer)');
    expect(second).toMatchObject({ desiredVersion: 2, desiredAt: t0 + 1_000, desiredBy: 'budi (engineer)', state: 'pending', differentSince: t0 + 1_000 });
    expect(published).toEqual([
      { deviceId: 'sl-1', message: { version: 1, settings: { reportIntervalS: 60 }, at: t0 } },
      { deviceId: 'sl-1', message: { version: 2, settings: { reportIntervalS: 30, dimmingSchedule: schedule }, at: t0 + 1_000 } },
    ]);
  });

  it('compares every desired setting by deep equality: pending, drift after the bound with an alarm, in sync once reported', async () => {
    const { settings, alarms } = core!;
    await settings.put('sl-1', { reportIntervalS: 60, dimmingSchedule: schedule }, 'eng');
    clock.advance(10_000);
    // The device applied the interval, not the schedule (its second entry differs); extra settings it reports do not matter.
    expect(await settings.acceptReport('sl-1', report({ version: 1, settings: { reportIntervalS: 60, dimmingSchedule: [schedule[0], { from: '23:00', level: 0.5 }], firmware: 'x' } }))).toBeNull();
    expect(settings.get('sl-1')).toMatchObject({ state: 'pending', mismatched: ['dimmingSchedule'], differentSince: t0, reportedVersion: 1, reportedAt: t0 + 10_000 });

    clock.set(t0 + driftAfterMs - 1);
    alarms.tick(clock.now());
    expect(settings.get('sl-1')?.state).toBe('pending');
    expect(driftAlarm('sl-1')).toBeUndefined();

    clock.set(t0 + driftAfterMs);
    alarms.tick(clock.now());
    expect(settings.get('sl-1')?.state).toBe('drift');
    expect(settings.list('drift').map((device) => device.deviceId)).toEqual(['sl-1']);
    expect(driftAlarm('sl-1')).toMatchObject({
      ruleId: 'settings-drift',
      severity: 'minor',
      raisedAt: t0 + driftAfterMs,
      title: { id: 'Pengaturan belum diterapkan: PJU Cibodas 1', en: 'Settings not applied: PJU Cibodas 1' },
      detail: { id: 'Perangkat tidak melaporkan nilai yang diminta untuk: dimmingSchedule', en: 'The device does not report the desired value of: dimmingSchedule' },
    });

    clock.advance(5_000);
    // Key order inside a value does not matter, values do.
    expect(await settings.acceptReport('sl-1', report({ version: 1, settings: { dimmingSchedule: [{ level: 1, from: '18:00' }, { from: '23:00', level: 0.4 }], reportIntervalS: 60 } }))).toBeNull();
    expect(settings.get('sl-1')).toMatchObject({ state: 'in-sync', mismatched: [], differentSince: null });
    expect(driftAlarm('sl-1')).toBeUndefined();
    expect(settings.list('drift')).toEqual([]);
  });

  it('answers a malformed report with a reason and records nothing', async () => {
    const { settings } = core!;
    await settings.put('sl-1', { reportIntervalS: 60 }, 'eng');
    expect(await settings.acceptReport('sl-1', Buffer.from('interval=60'))).toEqual({
      code: 'KENDALI_ERR_SETTINGS_REPORT_INVALID',
      message: 'the settings report is not JSON; send {"version": <the version applied>, "settings": {"<name>": <value>, ...}}',
    });
    expect(await settings.acceptReport('sl-1', report({ version: 1 }))).toMatchObject({ code: 'KENDALI_ERR_SETTINGS_REPORT_INVALID', message: expect.stringContaining("must have required property 'settings'") });
    expect(await settings.acceptReport('sl-1', report({ version: -1, settings: {} }))).toMatchObject({ message: expect.stringContaining('/version must be >= 0') });
    // Past 32 bits the stores cannot keep it: refused with the reason, not a failed write (found by device-publish-fuzz).
    expect(await settings.acceptReport('sl-1', report({ version: 2 ** 31, settings: {} }))).toMatchObject({ message: expect.stringContaining('/version must be <= 2147483647') });
    expect(settings.get('sl-1')).toMatchObject({ reported: null, reportedAt: null, state: 'pending' });
  });

  it('keeps desired and reported settings and the time they began to differ across a restart, and publishes them again', async () => {
    await core!.settings.put('sl-1', { reportIntervalS: 60, dimmingSchedule: schedule }, 'eng');
    await core!.settings.put('aq-1', { reportIntervalS: 120 }, 'eng');
    clock.advance(1_000);
    await core!.settings.acceptReport('aq-1', report({ version: 1, settings: { reportIntervalS: 120 } }));
    await core!.close();
    published.length = 0;

    clock.set(t0 + 30_000);
    const reopened = await open();
    expect(published.map((p) => p.deviceId).sort()).toEqual(['aq-1', 'sl-1']);
    expect(published.find((p) => p.deviceId === 'sl-1')?.message).toEqual({ version: 1, settings: { reportIntervalS: 60, dimmingSchedule: schedule }, at: t0 });
    expect(reopened.settings.get('aq-1')).toMatchObject({ state: 'in-sync', reported: { reportIntervalS: 120 }, reportedAt: t0 + 1_000 });
    expect(reopened.settings.get('sl-1')).toMatchObject({ state: 'pending', differentSince: t0 });
    // The bound counts from when they began to differ, not from the restart.
    reopened.alarms.tick(t0 + driftAfterMs);
    expect(driftAlarm('sl-1')).toBeDefined();
  });

  it("checks a setting a kind's profile defines against the profile version in force", async () => {
    const { kinds, registry, settings } = core!;
    const noise = (maxDb: number) => ({
      labels: { id: 'Kebisingan', en: 'Noise' },
      intervalS: 60,
      fields: { laeqDb: { type: 'number', unit: 'dB(A)', min: 30, max: 130, required: true } },
      settings: { alertAboveDb: { schema: { type: 'number', minimum: 40, maximum: maxDb } } },
    });
    await kinds.put('noise-level', noise(90), 'eng');
    await registry.upsert('nl-1', { kind: 'noise-level', name: 'Alun-alun', district: 'Tangerang' });
    await expect(settings.put('nl-1', { alertAboveDb: 100 }, 'eng')).rejects.toMatchObject({ message: 'Setting "alertAboveDb" of kind "noise-level": /settings/alertAboveDb must be <= 90.' });
    await kinds.put('noise-level', noise(120), 'eng');
    expect(await settings.put('nl-1', { alertAboveDb: 100 }, 'eng')).toMatchObject({ desired: { alertAboveDb: 100 }, desiredVersion: 1 });
  });

  it("forgets a deleted device's settings", async () => {
    await core!.settings.put('sl-1', { reportIntervalS: 60 }, 'eng');
    await core!.settings.forget('sl-1');
    await core!.registry.remove('sl-1');
    expect(core!.settings.list()).toEqual([]);
    await core!.close();
    expect((await open()).settings.list()).toEqual([]);
  });

  it("uses the settings-drift rule of the rules document: its duration is the bound, disabled it raises nothing", async () => {
    const { settings, alarms } = core!;
    const rules = alarms.rules.rules.filter((rule) => rule.type !== 'settings-drift');
    await alarms.replaceRules({ rules: [...rules, { id: 'settings-drift', name: 'Drift', type: 'settings-drift', enabled: true, scope: {}, minDurationMs: 5_000, severity: 'major' }] }, 'eng');
    await settings.put('sl-1', { reportIntervalS: 60 }, 'eng');
    alarms.tick(t0 + 5_000);
    clock.set(t0 + 5_000);
    expect(settings.get('sl-1')?.state).toBe('drift');
    expect(driftAlarm('sl-1')?.severity).toBe('major');

    await alarms.replaceRules({ rules: [...rules, { id: 'settings-drift', name: 'Drift', type: 'settings-drift', enabled: false, scope: {}, minDurationMs: 5_000, severity: 'major' }] }, 'eng');
    await settings.put('aq-1', { reportIntervalS: 60 }, 'eng');
    alarms.tick(t0 + 3_600_000);
    expect(driftAlarm('aq-1')).toBeUndefined();
    // A document put without the rule keeps one: the default.
    expect((await alarms.replaceRules({ rules }, 'eng')).rules.filter((rule) => rule.type === 'settings-drift')).toEqual([
      { id: 'settings-drift', name: 'Settings not applied', type: 'settings-drift', enabled: true, scope: {}, minDurationMs: driftAfterMs, severity: 'minor' },
    ]);
  });
});
