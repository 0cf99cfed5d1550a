import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let admin: { authorization: string };
let engineer: { authorization: string };
let viewer: { authorization: string };

beforeAll(async () => {
  api = await openApiUnderTest('audit');
  admin = await api.bearer('admin');
  engineer = await api.bearer('engineer');
  viewer = await api.bearer('viewer');
});

afterAll(() => api?.close());

const entries = async (query = '') => (await api.app.inject({ url: `/api/audit${query}`, headers: admin })).json<AuditEntry[]>();

describe('the audit trail of the API', () => {
  it('records every write, by whom, from where, on what, with its status, and never a secret', async () => {
    const created = await api.app.inject({ method: 'POST', url: '/api/devices', headers: engineer, payload: { id: 'wl-audit', kind: 'water-level', name: 'Pos Audit', district: 'Benda' } });
    expect(created.statusCode).toBe(201);
    const rotated = await api.app.inject({ method: 'POST', url: '/api/devices/wl-audit/credentials', headers: engineer });
    expect(rotated.json().secret).toEqual(expect.any(String));
    const token = await api.app.inject({ method: 'POST', url: '/api/tokens', headers: admin, payload: { name: 'wall 1', role: 'viewer' } });
    const issued = token.json<{ token: string }>().token;
    await api.app.inject({ method: 'POST', url: '/api/devices', headers: viewer, payload: { id: 'wl-sneaky', kind: 'water-level', name: 'X', district: 'Benda' } });
    await api.app.inject({ method: 'PATCH', url: '/api/devices/wl-audit', headers: { authorization: 'Bearer kdl_wrong' }, payload: { name: 'Y' } });
    await api.app.inject({ url: '/api/devices', headers: engineer }); // a read: not recorded

    const [bad, refused, tokenEntry, rotation, creation] = await entries();
    expect(creation).toMatchObject({ actor: 'test engineer', role: 'engineer', address: '127.0.0.1', action: 'POST /api/devices', target: 'wl-audit', status: 201 });
    expect(JSON.parse(creation!.summary)).toEqual({ id: 'wl-audit', kind: 'water-level', name: 'Pos Audit', district: 'Benda' });
    expect(rotation).toMatchObject({ action: 'POST /api/devices/:id/credentials', target: 'wl-audit', status: 200, summary: '' });
    expect(tokenEntry).toMatchObject({ actor: 'test admin', action: 'POST /api/tokens', status: 201 });
    // Refused writes are recorded too, with who tried; their bodies were never read, so there is nothing to summarise.
    expect(refused).toMatchObject({ actor: 'test viewer', role: 'viewer', action: 'POST /api/devices', target: null, status: 403, summary: '' });
    expect(bad).toMatchObject({ actor: 'anonymous', role: null, action: 'PATCH /api/devices/:id', status: 401 });
    const everything = JSON.stringify(await entries());
    expect(everything).not.toContain(rotated.json().secret);
    expect(everything).not.toContain(issued);
    expect(everything).not.toContain('kdl_wrong');
  });

  it('replaces secrets in a body, at any depth, and shortens a long one', async () => {
    await api.app.inject({ method: 'PUT', url: '/api/alarm-rules', headers: engineer, payload: { rules: [], webhook: { url: 'https://x', signingSecret: 'hunter2' }, note: 'x'.repeat(5_000) } });
    const [entry] = await entries('?limit=1');
    expect(entry!.summary).not.toContain('hunter2');
    expect(entry!.summary).toContain('"signingSecret":"[redacted]"');
    expect(entry!.summary.length).toBe(1_000);
    expect(entry!.summary.endsWith('…')).toBe(true);
  });

  it('filters by actor and target, pages with before, and downloads as CSV', async () => {
    const mine = await entries('?actor=test%20engineer');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((entry) => entry.actor === 'test engineer')).toBe(true);
    const onDevice = await entries('?target=wl-audit');
    expect(onDevice.map((entry) => entry.action).sort()).toEqual(['PATCH /api/devices/:id', 'POST /api/devices', 'POST /api/devices/:id/credentials'].sort());
    const [newest] = await entries('?limit=1');
    expect((await entries(`?before=${newest!.seq}&limit=1`))[0]!.seq).toBe(newest!.seq - 1);

    const csv = await api.app.inject({ url: '/api/audit?format=csv&target=wl-audit', headers: admin });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="kendali-audit.csv"');
    const rows = parse(csv.body.replace(/^\uFEFF/, '')) as string[][];
    expect(rows[0]).toEqual(['seq', 'at (UTC)', 'actor', 'role', 'address', 'action', 'target', 'status', 'summary', 'prev_hash', 'hash']);
    expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(onDevice.map((entry) => entry.seq));
    expect(rows[1]![1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('writes a cell that starts like a formula as text in the CSV', async () => {
    await api.app.inject({ method: 'POST', url: '/api/devices', headers: engineer, payload: { id: 'wl-formula', kind: 'water-level', name: '=HYPERLINK("http://x")', district: 'Benda' } });
    const csv = await api.app.inject({ url: '/api/audit?format=csv&target=wl-formula', headers: admin });
    const rows = parse(csv.body.replace(/^\uFEFF/, '')) as string[][];
    expect(rows[1]![8]!.startsWith('{')).toBe(true); // the summary is JSON, starting with {: left as it is
    await api.app.inject({ method: 'DELETE', url: '/api/tokens/=cmd', headers: admin });
    const csv2 = await api.app.inject({ url: '/api/audit?format=csv&target=%3Dcmd', headers: admin });
    expect((parse(csv2.body.replace(/^\uFEFF/, '')) as string[][])[1]![6]).toBe("'=cmd");
  });

  it('verifies the chain it wrote', async () => {
    const verification = await api.app.inject({ url: '/api/audit/verify', headers: admin });
    const [newest] = await entries('?limit=1');
    // The verify request is a read: the head is the newest write.
    expect(verification.json()).toEqual({ ok: true, entries: newest!.seq, head: { seq: newest!.seq, hash: newest!.hash }, brokenAt: null, problem: null });
  });
});
