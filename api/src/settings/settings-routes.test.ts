import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type DeviceSettings } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

const t0 = Date.parse('2026-03-10T03:00:00Z');
const clock = manualClock(t0);
let api: ApiUnderTest;
let engineer: { authorization: string };
let viewer: { authorization: string };

beforeAll(async () => {
  api = await openApiUnderTest('settings', { clock });
  engineer = await api.bearer('engineer');
  viewer = await api.bearer('viewer');
  await api.core.registry.upsert('sl-1', { kind: 'street-light', name: 'SL 1', district: 'Cibodas' });
  await api.core.registry.upsert('aq-1', { kind: 'air-quality', name: 'AQ 1', district: 'Karawaci' });
  await api.core.registry.upsert('aq-off', { kind: 'air-quality', name: 'AQ off', district: 'Karawaci', enabled: false });
});

afterAll(() => api?.close());

const put = (id: string, settings: Record<string, unknown>) => api.app.inject({ method: 'PUT', url: `/api/devices/${id}/settings`, headers: engineer, payload: { settings } });
const read = async (id: string) => (await api.app.inject({ url: `/api/devices/${id}/settings`, headers: viewer })).json<DeviceSettings>();
const schedule = [
  { from: '18:00', level: 1 },
  { from: '23:00', level: 0.4 },
];

describe('settings routes', () => {
  it('refuses settings the profile does not allow, naming the setting and the JSON path, and changes nothing', async () => {
    const unknown = await put('aq-1', { reportIntervalS: 60, dimmingSchedule: schedule });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toEqual({
      code: 'KENDALI_ERR_SETTING_UNKNOWN',
      message: 'Device kind "air-quality" has no setting "dimmingSchedule" (at /settings/dimmingSchedule); its settings are: reportIntervalS.',
    });

    const badValue = await put('sl-1', { dimmingSchedule: [{ from: '18:00', level: 1 }, { from: '23:00', level: 1.5 }] });
    expect(badValue.statusCode).toBe(400);
    expect(badValue.json().error).toEqual({ code: 'KENDALI_ERR_SETTING_VALUE', message: 'Setting "dimmingSchedule" of kind "street-light": /settings/dimmingSchedule/1/level must be <= 1.' });

    const badInterval = await put('sl-1', { reportIntervalS: 0 });
    expect(badInterval.json().error).toEqual({ code: 'KENDALI_ERR_SETTING_VALUE', message: 'Setting "reportIntervalS" of kind "street-light": /settings/reportIntervalS must be >= 1.' });

    const ghost = await put('ghost', { reportIntervalS: 60 });
    expect(ghost.statusCode).toBe(404);
    expect(ghost.json().error.code).toBe('KENDALI_ERR_DEVICE_NOT_FOUND');

    const disabled = await put('aq-off', { reportIntervalS: 60 });
    expect(disabled.statusCode).toBe(409);
    expect(disabled.json().error).toEqual({ code: 'KENDALI_ERR_DEVICE_DISABLED', message: 'Device "aq-off" is disabled; enable it before changing its settings' });

    expect((await put('sl-1', { 'not a name': 1 })).json().error.code).toBe('KENDALI_ERR_SETTING_UNKNOWN');
    expect(await read('sl-1')).toMatchObject({ state: 'none', desired: {}, desiredVersion: 0, reported: null, mismatched: [] });
    expect((await api.app.inject({ url: '/api/settings', headers: viewer })).json()).toEqual([]);
  });

  it('keeps desired settings with who set them, compares them with the report, and lists devices by state', async () => {
    const response = await put('sl-1', { reportIntervalS: 60, dimmingSchedule: schedule });
    expect(response.statusCode).toBe(200);
    const desired = response.json<DeviceSettings>();
    expect(desired).toEqual({
      deviceId: 'sl-1',
      kind: 'street-light',
      state: 'pending',
      desired: { reportIntervalS: 60, dimmingSchedule: schedule },
      desiredVersion: 1,
      desiredAt: t0,
      desiredBy: 'test engineer (engineer)',
      reported: null,
      reportedVersion: null,
      reportedAt: null,
      mismatched: ['reportIntervalS', 'dimmingSchedule'],
      differentSince: t0,
    });
    expect(await read('sl-1')).toEqual(desired);
    const listed = async (state?: string) => (await api.app.inject({ url: `/api/settings${state ? `?state=${state}` : ''}`, headers: viewer })).json<DeviceSettings[]>().map((d) => d.deviceId);
    expect(await listed('pending')).toEqual(['sl-1']);
    expect(await listed('drift')).toEqual([]);

    clock.advance(5_000);
    expect(await api.core.settings.acceptReport('sl-1', Buffer.from(JSON.stringify({ version: 1, settings: { reportIntervalS: 60, dimmingSchedule: schedule } })))).toBeNull();
    expect(await read('sl-1')).toMatchObject({ state: 'in-sync', reported: { reportIntervalS: 60, dimmingSchedule: schedule }, reportedVersion: 1, reportedAt: t0 + 5_000, mismatched: [], differentSince: null });
    expect(await listed('in-sync')).toEqual(['sl-1']);
    expect(await listed()).toEqual(['sl-1']);
    expect((await api.app.inject({ url: '/api/settings?state=sideways', headers: viewer })).json().error.code).toBe('KENDALI_ERR_REQUEST_INVALID');
  });
});
