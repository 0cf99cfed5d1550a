import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pack, type Pack } from 'tar-stream';
import { Type } from 'typebox';
import { backupManifestFile } from '@kendali/contracts';
import { IngestError, type Backups, type BackupSnapshot } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';

/** Documented as binary; typed as the stream the handler sends (Fastify pipes it, no serialiser runs). */
const tarStream = Type.Unsafe<Pack>({ type: 'string', format: 'binary' });

export interface BackupRoutesOptions {
  readonly backups: Pick<Backups, 'snapshot'>;
  /** The version written into each manifest. */
  readonly kendaliVersion: () => string;
}

/**
 * `POST /api/admin/backup`: a consistent copy of the whole state, taken while ingest goes on, sent
 * as a tar stream whose first entry is the manifest (so a reader knows every size before the data,
 * and `curl … | tar x` also works). The copy under the data directory is removed once sent.
 */
export const backupRoutes: FastifyPluginAsyncTypebox<BackupRoutesOptions> = async (app, { backups, kendaliVersion }) => {
  app.post(
    '/api/admin/backup',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Take a backup while running: a tar stream of manifest.json, then the database export and the files beside it',
        tags: ['admin'],
        response: {
          200: { description: 'The backup as a tar stream; manifest.json first', content: { 'application/x-tar': { schema: tarStream } } },
          409: errorAnswer('A backup is already being taken'),
        },
      },
    },
    async (_request, reply) => {
      const snapshot = await backups.snapshot(kendaliVersion()).catch((error: unknown) => {
        if (error instanceof IngestError && error.code === 'KENDALI_ERR_BACKUP_RUNNING') throw new apiErrors.KENDALI_ERR_BACKUP_RUNNING();
        throw error;
      });
      const tar = pack();
      // A client gone mid-way stops the sending; either way the copy is removed at the end.
      reply.raw.once('close', () => tar.destroy());
      void sendSnapshot(snapshot, tar).finally(() => snapshot.dispose());
      const stamp = snapshot.manifest.takenAt.replaceAll(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      return reply.type('application/x-tar').header('content-disposition', `attachment; filename="kendali-backup-${stamp}.tar"`).send(tar);
    },
  );
};

async function sendSnapshot(snapshot: BackupSnapshot, tar: Pack): Promise<void> {
  // Destroyed when the client goes: stop there rather than wait on an entry nobody reads.
  const gone = new Promise<'gone'>((resolve) => tar.once('close', () => resolve('gone')));
  try {
    const manifest = Buffer.from(JSON.stringify(snapshot.manifest, null, 2) + '\n');
    tar.entry({ name: backupManifestFile, size: manifest.length, mode: 0o600 }, manifest);
    for (const file of snapshot.manifest.files) {
      const sent = pipeline(createReadStream(join(snapshot.dir, file.path)), tar.entry({ name: file.path, size: file.bytes, mode: 0o600 }));
      sent.catch(() => undefined); // its failure, if any, is the race's below
      if ((await Promise.race([sent, gone])) === 'gone') return;
    }
    tar.finalize();
  } catch (error) {
    tar.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
