import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { IngestError, type IngestErrorCode } from '../errors';

/** Whether `dir` is absent or an empty folder. */
async function isAbsentOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** What to say when a folder to be filled is not empty. */
export interface NotEmptyAnswer {
  readonly code: IngestErrorCode;
  readonly fix: string;
}

/** Throws unless `target` is absent or an empty folder. */
export async function refuseNonEmpty(target: string, notEmpty: NotEmptyAnswer): Promise<void> {
  const absolute = resolve(target);
  if (!(await isAbsentOrEmpty(absolute))) throw new IngestError(notEmpty.code, `${absolute} is not empty: ${notEmpty.fix}`);
}

/**
 * Fills a new folder beside `target` and renames it to `target` once complete, so `target` either
 * does not exist (or stays empty) or holds everything: a crash or an error leaves no half copy
 * under its name. Refuses a `target` that is not empty, with `notEmpty` as the code.
 */
export async function fillAtomically<T>(target: string, notEmpty: NotEmptyAnswer, fill: (dir: string) => Promise<T>): Promise<T> {
  const absolute = resolve(target);
  await refuseNonEmpty(absolute, notEmpty);
  await mkdir(dirname(absolute), { recursive: true });
  const work = join(dirname(absolute), `.${basename(absolute)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(work, { mode: 0o700 }); // a backup holds secret hashes and keys
    const result = await fill(work);
    if (!(await isAbsentOrEmpty(absolute))) throw new IngestError(notEmpty.code, `${absolute} was written to meanwhile: ${notEmpty.fix}`);
    await rmdir(absolute).catch(() => undefined); // an empty folder: rename(2) would replace it anyway
    await rename(work, absolute);
    return result;
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}
