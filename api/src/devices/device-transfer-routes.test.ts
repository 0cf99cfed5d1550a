import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let authorization: string;

beforeAll(async () => {
  api = await openApiUnderTest('transfer');
  ({ authorization } = await api.bearer('engineer'));
});

afterAll(() => api.close());

describe('device export and import', () => {
  it('round-trips the registry through CSV with the metadata types intact', async () => {
    const { app, core } = api;
    await core.registry.create('wl-kali-ledug', {
      kind: 'water-level', name: 'Kali Ledug', district: 'Periuk', lat: -6.17, lon: 106.585, installDate: '2024-02-01',
      metadata: { siaga3Cm: 220, siaga2Cm: 260, siaga1Cm: 300, simulated: false, serial: '007' },
    });
    await core.registry.create('sl-benda-1', { kind: 'street-light', name: 'PJU Benda 1', district: 'Benda', enabled: false, metadata: { simulated: true } });
    const exported = await app.inject({ method: 'GET', url: '/api/devices/export?format=csv', headers: { authorization } });
    expect(exported.statusCode).toBe(200);
    const before = core.registry.list();

    for (const device of before) await core.registry.remove(device.id);
    const imported = await app.inject({ method: 'POST', url: '/api/devices/import', headers: { authorization, 'content-type': 'text/csv' }, payload: exported.body });
    expect(imported.statusCode, imported.body).toBe(200);

    const strip = ({ createdAt: _c, credentialSetAt: _s, ...rest }: (typeof before)[number]) => rest;
    expect(core.registry.list().map(strip)).toEqual(before.map(strip));
  });
});
