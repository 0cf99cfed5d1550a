import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIngestOptions, Ingest } from '@kendali/ingest';
import { buildApi } from '../build-api';

let dataDir: string;
let ingest: Ingest;
let app: Awaited<ReturnType<typeof buildApi>>;
let authorization: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-transfer-'));
  ingest = await Ingest.open({ ...defaultIngestOptions, dataDir });
  app = await buildApi({ ingest });
  authorization = `Bearer ${(await ingest.tokens.create('engineer', 'engineer')).token}`;
});

afterAll(async () => {
  await app.close();
  await ingest.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('device export and import', () => {
  it('round-trips the registry through CSV with the metadata types intact', async () => {
    await ingest.registry.create('wl-kali-ledug', {
      kind: 'water-level', name: 'Kali Ledug', district: 'Periuk', lat: -6.17, lon: 106.585, installDate: '2024-02-01',
      metadata: { siaga3Cm: 220, siaga2Cm: 260, siaga1Cm: 300, simulated: false, serial: '007' },
    });
    await ingest.registry.create('sl-benda-1', { kind: 'street-light', name: 'PJU Benda 1', district: 'Benda', enabled: false, metadata: { simulated: true } });
    const exported = await app.inject({ method: 'GET', url: '/api/devices/export?format=csv', headers: { authorization } });
    expect(exported.statusCode).toBe(200);
    const before = ingest.registry.list();

    for (const device of before) await ingest.registry.remove(device.id);
    const imported = await app.inject({ method: 'POST', url: '/api/devices/import', headers: { authorization, 'content-type': 'text/csv' }, payload: exported.body });
    expect(imported.statusCode, imported.body).toBe(200);

    const strip = ({ createdAt: _c, credentialSetAt: _s, ...rest }: (typeof before)[number]) => rest;
    expect(ingest.registry.list().map(strip)).toEqual(before.map(strip));
  });
});
