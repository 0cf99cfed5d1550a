import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { extract } from 'tar-stream';
import { backupManifestFile, type BackupManifest } from '@kendali/contracts';
import { fillAtomically, verifyBackup } from '@kendali/ingest';
import { CliError } from './cli-error';
import type { Progress } from './progress';

/** Nothing listens at the URL: the caller may fall back to the data directory. */
export class ServerUnreachable extends CliError {}

/**
 * Asks the running platform for a backup (`POST /api/admin/backup`) and writes the tar stream it
 * sends into `targetDir`: into a new folder beside it, checked file by file against the manifest,
 * then renamed, so `targetDir` holds a whole, verified backup or nothing.
 */
export async function backupOnline(url: string, token: string, targetDir: string, progress: Progress): Promise<BackupManifest> {
  let response: Response;
  try {
    response = await fetch(`${url}/api/admin/backup`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new ServerUnreachable(`nothing answers at ${url} (${cause})`);
  }
  if (!response.ok || response.body === null) throw new CliError(await explainRefusal(url, response));
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  const fix = { code: 'KENDALI_ERR_BACKUP_TARGET_NOT_EMPTY', fix: 'name a new or empty folder for the backup' } as const;
  return fillAtomically(targetDir, fix, async (work) => {
    await pipeline(body, untar(work, progress));
    return verifyBackup(work);
  });
}

async function explainRefusal(url: string, response: Response): Promise<string> {
  const text = await response.text();
  let detail = text.slice(0, 300);
  try {
    const answer = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (answer.error?.message) detail = `${answer.error.code}: ${answer.error.message}`;
  } catch {
    // not JSON: the text as it came
  }
  const fix =
    response.status === 401 || response.status === 403
      ? ': pass an admin token with --token or KENDALI_ADMIN_TOKEN'
      : response.status === 404
        ? `: ${url} is not a Kendali that takes backups; check --url`
        : '';
  return `${url} answered ${response.status} (${detail})${fix}`;
}

/**
 * A writable that unpacks the backup's tar into `dir`, reading the sizes to come from the manifest;
 * every file readable by its owner alone (the copy holds secret hashes and the simulators' key).
 */
function untar(dir: string, progress: Progress): Writable {
  const unpack = extract();
  let totalBytes = 0;
  let doneBytes = 0;
  unpack.on('entry', (header, stream, next) => {
    const name = header.name;
    if (header.type !== 'file' || name.startsWith('/') || name.split('/').includes('..')) {
      next(new CliError(`the server sent an unexpected entry "${name}" in the backup; nothing was kept`));
      return;
    }
    const path = join(dir, name);
    const isManifest = name === backupManifestFile;
    const chunks: Buffer[] = [];
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        if (isManifest) chunks.push(chunk);
        else progress.update((doneBytes += chunk.length), totalBytes);
        done(null, chunk);
      },
      flush(done) {
        if (isManifest) {
          const manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BackupManifest;
          totalBytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
          progress.update(0, totalBytes);
        }
        done();
      },
    });
    mkdir(dirname(path), { recursive: true })
      .then(() => pipeline(stream, counted, createWriteStream(path, { flags: 'wx', mode: 0o600 })))
      .then(() => next(), next);
  });
  return unpack as unknown as Writable;
}
