import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupManifest } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;

beforeEach(async () => {
  api = await openApiUnderTest('backup');
});

afterEach(async () => {
  await api.close();
});

/** The entries of a tar archive, in order, with their bytes. */
async function untar(archive: Buffer): Promise<{ name: string; bytes: Buffer }[]> {
  const entries: { name: string; bytes: Buffer }[] = [];
  const unpack = extract();
  unpack.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      entries.push({ name: header.name, bytes: Buffer.concat(chunks) });
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => unpack.on('finish', resolve).on('error', reject));
  Readable.from([archive]).pipe(unpack as unknown as NodeJS.WritableStream);
  await done;
  return entries;
}

describe('POST /api/admin/backup', () => {
  it('sends the manifest first, then every file it lists with that size and SHA-256, and removes its copy', async () => {
    await api.core.registry.upsert('wl-1', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
    const response = await api.app.inject({ method: 'POST', url: '/api/admin/backup', headers: await api.bearer('admin') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-tar');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="kendali-backup-\d{8}T\d{6}Z\.tar"$/);
    const [first, ...files] = await untar(response.rawPayload);
    expect(first?.name).toBe('manifest.json');
    const manifest = JSON.parse(first!.bytes.toString('utf8')) as BackupManifest;
    expect(manifest).toMatchObject({ format: 'kendali-backup', formatVersion: 1, kendaliVersion: '0.1.0', store: 'embedded' });
    expect(manifest.tables.devices).toBe(1);
    expect(files.map((file) => file.name)).toEqual(manifest.files.map((file) => file.path));
    for (const file of files) {
      const listed = manifest.files.find((entry) => entry.path === file.name);
      expect({ bytes: file.bytes.length, sha256: createHash('sha256').update(file.bytes).digest('hex') }).toEqual({ bytes: listed?.bytes, sha256: listed?.sha256 });
    }
    // The copy under the data directory goes once the last byte is sent.
    await vi.waitFor(async () => expect((await readdir(api.dataDir)).filter((name) => name.startsWith('backup-'))).toEqual([]));
  });

  it('is for admins only', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/api/admin/backup', headers: await api.bearer('engineer') });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'KENDALI_ERR_FORBIDDEN' } });
  });

  it('takes one backup at a time: 409 while another is being taken, then 200 again', async () => {
    const held = await api.core.backups.snapshot('0.1.0');
    const headers = await api.bearer('admin');
    const refused = await api.app.inject({ method: 'POST', url: '/api/admin/backup', headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'KENDALI_ERR_BACKUP_RUNNING' } });
    await held.dispose();
    expect((await api.app.inject({ method: 'POST', url: '/api/admin/backup', headers })).statusCode).toBe(200);
  });
});
