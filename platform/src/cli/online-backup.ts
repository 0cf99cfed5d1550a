import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { backupManifestFile, type BackupManifest } from '@kendali/contracts';
import { fillAtomically, verifyBackup } from '@kendali/ingest';
import { CliError } from './cli-error';
import { answerText, postToPlatform } from './platform-request';
import type { Progress } from './progress';

/** Nothing listens at the URL: the caller may fall back to the data directory. */
export class ServerUnreachable extends CliError {}

/**
 * Asks the running platform for a backup (`POST /api/admin/backup`) and writes the tar stream it
 * sends into `targetDir`: into a new folder beside it, checked file by file against the manifest,
 * then renamed, so `targetDir` holds a whole, verified backup or nothing.
 */
export async function backupOnline(url: string, token: string, targetDir: string, progress: Progress, pinnedCertFile: string | null = null): Promise<BackupManifest> {
  let body: IncomingMessage;
  try {
    body = await postToPlatform(`${url}/api/admin/backup`, { authorization: `Bearer ${token}` }, pinnedCertFile);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const cause = (error as { code?: string }).code ?? (error as Error).message;
    throw new ServerUnreachable(`nothing answers at ${url} (${cause})`);
  }
  if (body.statusCode !== 200) throw new CliError(await explainRefusal(url, body));
  const fix = { code: 'KENDALI_ERR_BACKUP_TARGET_NOT_EMPTY', fix: 'name a new or empty folder for the backup' } as const;
  return fillAtomically(targetDir, fix, async (work) => {
    await pipeline(body, untar(work, progress));
    return verifyBackup(work);
  });
}

async function explainRefusal(url: string, response: IncomingMessage): Promise<string> {
  const text = await answerText(response);
  let detail = text.slice(0, 300);
  try {
    const answer = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (answer.error?.message) detail = `${answer.error.code}: ${answer.error.message}`;
  } catch {
    // not JSON: the text as it came
  }
  const fix =
    response.statusCode === 401 || response.statusCode === 403
      ? ': pass an admin token with --token or KENDALI_ADMIN_TOKEN'
      : response.statusCode === 404
        ? `: ${url} is not a Kendali that takes backups; check --url`
        : '';
  return `${url} answered ${response.statusCode} (${detail})${fix}`;
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
