import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type Command } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

const t0 = Date.parse('2026-03-10T03:00:00Z');
let api: ApiUnderTest;
let operator: { authorization: string };
let viewer: { authorization: string };

beforeAll(async () => {
  api = await openApiUnderTest('commands', { clock: manualClock(t0) });
  api.core.commands.stop();
  operator = await api.bearer('operator');
  viewer = await api.bearer('viewer');
  await api.core.registry.upsert('sl-1', { kind: 'street-light', name: 'SL 1', district: 'Cibodas' });
  await api.core.registry.upsert('sl-2', { kind: 'street-light', name: 'SL 2', district: 'Cibodas' });
  await api.core.registry.upsert('aq-1', { kind: 'air-quality', name: 'AQ 1', district: 'Karawaci' });
});

afterAll(() => api?.close());

const post = (url: string, payload: object) => api.app.inject({ method: 'POST', url, headers: operator, payload });
const stored = async () => (await api.app.inject({ url: '/api/commands', headers: viewer })).json<Command[]>();

describe('command routes', () => {
  it('refuses bad commands with a reason and stores none', async () => {
    const unknownCommand = await post('/api/devices/aq-1/commands', { name: 'set-dimming', params: { level: 1 } });
    expect(unknownCommand.statusCode).toBe(400);
    expect(unknownCommand.json().error).toEqual({ code: 'KENDALI_ERR_COMMAND_UNKNOWN', message: 'Device kind "air-quality" has no command "set-dimming"; its commands are: set-interval.' });

    const badParams = await post('/api/devices/sl-1/commands', { name: 'set-dimming', params: { level: 2 } });
    expect(badParams.statusCode).toBe(400);
    expect(badParams.json().error).toEqual({ code: 'KENDALI_ERR_COMMAND_PARAMS', message: 'Command "set-dimming" of kind "street-light": /params/level must be <= 1.' });

    const unknownDevice = await post('/api/devices/ghost/commands', { name: 'set-interval', params: { seconds: 5 } });
    expect(unknownDevice.statusCode).toBe(404);
    expect(unknownDevice.json().error.code).toBe('KENDALI_ERR_DEVICE_NOT_FOUND');

    const noDevices = await post('/api/commands', { selector: { district: 'Periuk' }, name: 'set-interval', params: { seconds: 5 } });
    expect(noDevices.statusCode).toBe(400);
    expect(noDevices.json().error.code).toBe('KENDALI_ERR_COMMAND_NO_DEVICES');

    const unknownIds = await post('/api/commands', { selector: { deviceIds: ['sl-1', 'ghost'] }, name: 'set-interval', params: { seconds: 5 } });
    expect(unknownIds.statusCode).toBe(400);
    expect(unknownIds.json().error).toMatchObject({ code: 'KENDALI_ERR_SELECTOR_INVALID', message: expect.stringContaining('"ghost"') });

    const tooLong = await post('/api/devices/sl-1/commands', { name: 'set-interval', params: { seconds: 5 }, ttlS: 8 * 86_400 });
    expect(tooLong.json().error.code).toBe('KENDALI_ERR_REQUEST_INVALID');
    expect((await post('/api/commands', { selector: {}, name: 'set-interval', params: { seconds: 5 } })).json().error.code).toBe('KENDALI_ERR_REQUEST_INVALID');

    expect(await stored()).toEqual([]);
  });

  it('sends a command (201) recording who sent it, lists it and shows it', async () => {
    const response = await post('/api/devices/sl-1/commands', { name: 'set-dimming', params: { level: 0.3 }, ttlS: 120 });
    expect(response.statusCode).toBe(201);
    const command = response.json<Command>();
    expect(command).toMatchObject({ deviceId: 'sl-1', kind: 'street-light', name: 'set-dimming', params: { level: 0.3 }, state: 'queued', createdAt: t0, createdBy: 'test operator (operator)', expiresAt: t0 + 120_000 });

    expect((await api.app.inject({ url: `/api/commands/${command.id}`, headers: viewer })).json()).toEqual(command);
    expect((await api.app.inject({ url: '/api/commands?device=sl-1&state=queued', headers: viewer })).json()).toEqual([command]);
    expect((await api.app.inject({ url: '/api/commands?device=sl-2', headers: viewer })).json()).toEqual([]);
    const missing = await api.app.inject({ url: '/api/commands/nope', headers: viewer });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'KENDALI_ERR_COMMAND_NOT_FOUND']);
  });

  it('sends a group command to every street light of a district, with the default time to live', async () => {
    const response = await post('/api/commands', { selector: { kind: 'street-light', district: 'Cibodas' }, name: 'set-interval', params: { seconds: 30 } });
    expect(response.statusCode).toBe(201);
    const sent = response.json<Command[]>();
    expect(sent.map((c) => c.deviceId).sort()).toEqual(['sl-1', 'sl-2']);
    expect(sent.every((c) => c.expiresAt === t0 + 3_600_000)).toBe(true);
  });
});
