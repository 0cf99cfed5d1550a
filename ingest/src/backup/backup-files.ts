import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { BackupFile } from '@kendali/contracts';

/** Reports bytes handled so far out of all to handle (a progress bar's two numbers). */
export type ProgressListener = (doneBytes: number, totalBytes: number) => void;

/** Every file under `dir`, as paths relative to it (`/`-separated), sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** SHA-256 of a file, read as a stream; `onBytes` hears each chunk's length. */
export async function sha256OfFile(path: string, onBytes: (bytes: number) => void = () => undefined): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    onBytes((chunk as Buffer).length);
  }
  return hash.digest('hex');
}

/** Size and SHA-256 of every file under `dir` but those named in `except`. */
export async function describeFiles(dir: string, except: ReadonlySet<string>, onProgress?: ProgressListener): Promise<BackupFile[]> {
  const paths = (await listFiles(dir)).filter((path) => !except.has(path));
  const sizes = await Promise.all(paths.map(async (path) => (await stat(join(dir, path))).size));
  const totalBytes = sizes.reduce((sum, bytes) => sum + bytes, 0);
  let doneBytes = 0;
  const files: BackupFile[] = [];
  for (const [index, path] of paths.entries()) {
    const sha256 = await sha256OfFile(join(dir, path), (bytes) => onProgress?.((doneBytes += bytes), totalBytes));
    files.push({ path, bytes: sizes[index] ?? 0, sha256 });
  }
  onProgress?.(totalBytes, totalBytes);
  return files;
}
