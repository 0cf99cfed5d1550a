import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kotaTangerang, tangerangSelatan } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let engineer: { authorization: string };

beforeAll(async () => {
  api = await openApiUnderTest('device-district', { cities: [kotaTangerang, tangerangSelatan] });
  engineer = await api.bearer('engineer');
});

afterAll(() => api.close());

const register = (id: string, district: string) =>
  api.app.inject({ method: 'POST', url: '/api/devices', headers: engineer, payload: { id, kind: 'street-light', name: `PJU ${id}`, district } });

describe("a device stands in a district of the room's cities", () => {
  it('takes the district by name or id in any case and stores its name', async () => {
    const byId = await register('sl-1', 'karang-tengah');
    expect(byId.statusCode, byId.body).toBe(201);
    expect(byId.json<{ district: string }>().district).toBe('Karang Tengah');
    const otherCity = await register('sl-2', 'SERPONG UTARA');
    expect(otherCity.json<{ district: string }>().district).toBe('Serpong Utara');
  });

  it('refuses any other district with a catalogued error listing the choices, on POST, PUT, PATCH and import', async () => {
    const refused = await register('sl-3', 'Menteng');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      error: { code: 'KENDALI_ERR_DISTRICT_UNKNOWN', message: expect.stringMatching(/^Unknown district: district "Menteng" is not a district of Kota Tangerang, Kota Tangerang Selatan; choose one of Tangerang, .*Serpong Utara/) },
    });
    const put = await api.app.inject({ method: 'PUT', url: '/api/devices/sl-3', headers: engineer, payload: { kind: 'street-light', name: 'PJU', district: 'Menteng' } });
    expect(put.json<{ error: { code: string } }>().error.code).toBe('KENDALI_ERR_DISTRICT_UNKNOWN');
    const patch = await api.app.inject({ method: 'PATCH', url: '/api/devices/sl-1', headers: engineer, payload: { district: 'Gambir' } });
    expect(patch.json<{ error: { code: string } }>().error.code).toBe('KENDALI_ERR_DISTRICT_UNKNOWN');
    const imported = await api.app.inject({ method: 'POST', url: '/api/devices/import', headers: { ...engineer, 'content-type': 'text/csv' }, payload: 'id,kind,name,district\nsl-4,street-light,PJU 4,Gambir\n' });
    expect(imported.statusCode).toBe(400);
    expect(imported.json<{ problems: { line: number; message: string }[] }>().problems).toEqual([{ line: 2, id: 'sl-4', message: expect.stringMatching(/^district "Gambir" is not a district of/) }]);
    expect(api.core.registry.get('sl-3')).toBeUndefined();
    expect(api.core.registry.get('sl-1')?.district).toBe('Karang Tengah');
  });
});
