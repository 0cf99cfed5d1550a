import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInProfiles, manualClock, type DeviceProfile, type ProfileTrial, type StoredProfile } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

const t0 = Date.parse('2026-11-23T03:00:00Z'); // 10:00 WIB
const minute = 60_000;
const airQuality = builtInProfiles['air-quality']!;
/** Air quality with PM2.5 capped at `max` µg/m³. */
const withPm25Max = (max: number): DeviceProfile => ({ ...airQuality, fields: { ...airQuality.fields, pm25: { ...airQuality.fields['pm25']!, max } } });

let api: ApiUnderTest;
let engineer: { authorization: string };
let viewer: { authorization: string };

beforeAll(async () => {
  api = await openApiUnderTest('kind-routes', { clock: manualClock(t0) });
  engineer = await api.bearer('engineer');
  viewer = await api.bearer('viewer');
});

afterAll(() => api?.close());

const put = (kind: string, payload: string | object, headers = engineer) =>
  api.app.inject({ method: 'PUT', url: `/api/kinds/${kind}`, headers: { ...headers, 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

describe('the kinds API', () => {
  it('lists the built-in kinds first and reads one kind', async () => {
    const list = (await api.app.inject({ url: '/api/kinds', headers: viewer })).json<StoredProfile[]>();
    expect(list.map((stored) => stored.kind)).toEqual(['air-quality', 'street-light', 'traffic', 'water-level', 'wifi-ap']);
    expect(list[0]).toMatchObject({ version: 1, builtIn: true, changedBy: 'kendali' });
    const one = await api.app.inject({ url: '/api/kinds/water-level', headers: viewer });
    expect(one.json<StoredProfile>().profile).toEqual(builtInProfiles['water-level']);
  });

  it('answers 404 for a kind nobody defined and 400 for a kind id that breaks the pattern', async () => {
    const unknown = await api.app.inject({ url: '/api/kinds/noise-level', headers: viewer });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('KENDALI_ERR_KIND_UNKNOWN');
    expect((await api.app.inject({ url: '/api/kinds/noise-level/versions', headers: viewer })).statusCode).toBe(404);
    const badId = await put('Noise_Level', airQuality);
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.code).toBe('KENDALI_ERR_REQUEST_INVALID');
  });

  it('names every problem of a profile with its JSON path in one answer, and changes nothing', async () => {
    const broken = { ...airQuality, headline: 'noise', fields: { ...airQuality.fields, pm25: { type: 'number', min: 10, max: 5 }, lampOn: { type: 'boolean', max: 1 } } };
    const response = await put('air-quality', broken);
    expect(response.statusCode).toBe(400);
    const { code, message } = response.json().error as { code: string; message: string };
    expect(code).toBe('KENDALI_ERR_PROFILE_INVALID');
    expect(message).toContain('/fields/pm25/min');
    expect(message).toContain('/fields/lampOn/max');
    expect(message).toContain('/headline');
    const badNames = await put('air-quality', { ...airQuality, fields: { 'pm 2.5': { type: 'number' } }, commands: { Restart: { params: {} } } });
    expect(badNames.json().error.message).toContain('/fields: "pm 2.5" is not a name Kendali can store');
    expect(badNames.json().error.message).toContain('/commands: "Restart" is not a command name');
    expect((await api.app.inject({ url: '/api/kinds/air-quality', headers: viewer })).json<StoredProfile>().version).toBe(1);
  });

  it('refuses a body that gives a key twice, naming it by its path', async () => {
    const field = '{"type":"number","unit":"dB(A)","min":30,"max":130}';
    const body = `{"labels":{"id":"Kebisingan","en":"Noise"},"intervalS":60,"fields":{"laeqDb":${field},"laeqDb":${field}}}`;
    const response = await put('noise-level', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({ code: 'KENDALI_ERR_PROFILE_INVALID', message: expect.stringContaining('/fields/laeqDb: the key "laeqDb" appears more than once') });
    const unparsable = await put('noise-level', '{"labels": ');
    expect(unparsable.json().error.code).toBe('KENDALI_ERR_REQUEST_INVALID');
  });

  it('keeps a new version with who made it and what changed, newest first among the versions', async () => {
    const response = await put('air-quality', withPm25Max(900));
    expect(response.statusCode).toBe(200);
    expect(response.json<StoredProfile>()).toMatchObject({
      kind: 'air-quality',
      version: 2,
      builtIn: false,
      changedAt: new Date(t0).toISOString(),
      changedBy: 'test engineer (engineer)',
      changes: ['field pm25: number, µg/m³, 0 … 1000, required → number, µg/m³, 0 … 900, required'],
    });
    const versions = (await api.app.inject({ url: '/api/kinds/air-quality/versions', headers: viewer })).json<StoredProfile[]>();
    expect(versions.map((stored) => stored.version)).toEqual([2, 1]);
    // Ingest validates with it from the next message on.
    await api.core.registry.create('aq-versions', { kind: 'air-quality', name: 'AQ', district: 'Benda' });
    const outcome = await api.core.pipeline.acceptTelemetry('aq-versions', Buffer.from(JSON.stringify({ pm25: 950 })));
    expect(outcome.rejections.map((rejection) => rejection.code)).toEqual(['KENDALI_ERR_FIELD_RANGE']);
    expect((await put('air-quality', airQuality)).json<StoredProfile>().version).toBe(3);
  });
});

describe('the dry run of a profile', () => {
  const send = (deviceId: string, pm25: number, at: number) => api.core.pipeline.acceptTelemetry(deviceId, Buffer.from(JSON.stringify({ ts: at, pm25 })));
  const trial = async (profile: DeviceProfile, limit?: number) => {
    const response = await api.app.inject({
      method: 'POST',
      url: `/api/kinds/air-quality/try${limit === undefined ? '' : `?limit=${limit}`}`,
      headers: { ...engineer, 'content-type': 'application/json' },
      payload: JSON.stringify(profile),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ProfileTrial>();
  };

  beforeAll(async () => {
    await api.core.registry.create('aq-trial-1', { kind: 'air-quality', name: 'AQ Benda', district: 'Benda' });
    await api.core.registry.create('aq-trial-2', { kind: 'air-quality', name: 'AQ Cipondoh', district: 'Cipondoh' });
    await api.core.registry.create('wl-trial', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
    for (const [deviceId, pm25, minutesAgo] of [
      ['aq-trial-1', 85, 3 * 60], // further back than the first hour the dry run looks at
      ['aq-trial-1', 40, 10],
      ['aq-trial-2', 95, 9],
      ['aq-trial-1', 70, 8],
      ['aq-trial-2', 120.5, 7],
    ] as const) {
      expect((await send(deviceId, pm25, t0 - minutesAgo * minute)).stored).toBe(1);
    }
    expect((await send('aq-trial-1', 1500, t0 - 6 * minute)).rejections[0]?.code).toBe('KENDALI_ERR_FIELD_RANGE');
    expect((await api.core.pipeline.acceptTelemetry('wl-trial', Buffer.from(JSON.stringify({ waterLevelCm: 5000 })))).stored).toBe(0); // another kind's refusal
  });

  it('reports exactly which recorded messages a stricter range (max 80) would reject', async () => {
    const answer = await trial(withPm25Max(80));
    // Refused so far: 1500 here and 950 under version 2 above; both stay refused.
    expect(answer).toMatchObject({ kind: 'air-quality', version: 4, examined: { stored: 5, rejected: 2 }, accepted: 2, rejected: 5 });
    expect(answer.changes.map(({ source, deviceId, fields, now, reason }) => ({ source, deviceId, fields, now, code: reason?.code }))).toEqual([
      { source: 'stored', deviceId: 'aq-trial-2', fields: { pm25: 120.5 }, now: 'rejected', code: 'KENDALI_ERR_FIELD_RANGE' },
      { source: 'stored', deviceId: 'aq-trial-2', fields: { pm25: 95 }, now: 'rejected', code: 'KENDALI_ERR_FIELD_RANGE' },
      { source: 'stored', deviceId: 'aq-trial-1', fields: { pm25: 85 }, now: 'rejected', code: 'KENDALI_ERR_FIELD_RANGE' },
    ]);
    expect(answer.changes[0]?.at).toBe(t0 - 7 * minute);
    expect(answer.changes[0]?.reason?.message).toContain('120.5 µg/m³, outside 0 µg/m³ … 80 µg/m³');
    expect(answer.reasons).toEqual([{ code: 'KENDALI_ERR_FIELD_RANGE', count: 5, example: expect.stringContaining('pm25') }]);
    // Nothing was changed.
    expect((await api.app.inject({ url: '/api/kinds/air-quality', headers: viewer })).json<StoredProfile>().profile).toEqual(airQuality);
  });

  it('reports a refused message the proposal would accept, and examines at most `limit` of each source', async () => {
    const wider = await trial(withPm25Max(2000), 2);
    expect(wider.examined).toEqual({ stored: 2, rejected: 2 });
    expect(wider.changes).toHaveLength(2);
    expect(wider.changes).toEqual(
      expect.arrayContaining([
        { source: 'rejected', deviceId: 'aq-trial-1', at: t0, fields: { pm25: 1500 }, now: 'accepted', reason: null },
        { source: 'rejected', deviceId: 'aq-versions', at: t0, fields: { pm25: 950 }, now: 'accepted', reason: null },
      ]),
    );
    const one = await trial(withPm25Max(2000), 1);
    expect(one.examined).toEqual({ stored: 1, rejected: 1 });
  });

  it('answers 400 naming the problems of a proposal that does not hold together', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/kinds/air-quality/try?limit=20000',
      headers: { ...engineer, 'content-type': 'application/json' },
      payload: JSON.stringify(airQuality),
    });
    expect(response.statusCode).toBe(400);
    const invalid = await api.app.inject({ method: 'POST', url: '/api/kinds/air-quality/try', headers: { ...engineer, 'content-type': 'application/json' }, payload: '{"fields":{}}' });
    expect(invalid.json().error.code).toBe('KENDALI_ERR_PROFILE_INVALID');
    expect(invalid.json().error.message).toMatch(/\/fields/);
  });
});
