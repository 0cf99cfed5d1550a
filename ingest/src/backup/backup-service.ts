import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupManifest, Clock } from '@kendali/contracts';
import { IngestError } from '../errors';
import { takeBackup, type BackupSource } from './take-backup';

const workPrefix = 'backup-in-progress-';

/** A backup taken into a folder under the data directory, to be sent and then removed. */
export interface BackupSnapshot {
  readonly dir: string;
  readonly manifest: BackupManifest;
  /** Removes the folder; the next backup may begin. */
  dispose(): Promise<void>;
}

/**
 * Backups of the running core, one at a time: each is taken into a folder under the data
 * directory (same disk, so the export never crosses file systems) and removed once sent.
 */
export class Backups {
  #busy = false;

  constructor(
    private readonly source: BackupSource,
    private readonly clock: Clock,
  ) {}

  async snapshot(kendaliVersion: string): Promise<BackupSnapshot> {
    if (this.#busy) throw new IngestError('KENDALI_ERR_BACKUP_RUNNING', 'a backup is already being taken; ask again once it is done');
    this.#busy = true;
    const dir = join(this.source.dataDir, `${workPrefix}${randomBytes(6).toString('hex')}`);
    const dispose = async () => {
      await rm(dir, { recursive: true, force: true });
      this.#busy = false;
    };
    try {
      await this.#removeLeftovers(); // from a process stopped while sending one
      const manifest = await takeBackup(this.source, dir, { clock: this.clock, kendaliVersion });
      return { dir, manifest, dispose };
    } catch (error) {
      await dispose();
      throw error;
    }
  }

  async #removeLeftovers(): Promise<void> {
    for (const name of await readdir(this.source.dataDir)) {
      if (name.startsWith(workPrefix)) await rm(join(this.source.dataDir, name), { recursive: true, force: true });
    }
  }
}
