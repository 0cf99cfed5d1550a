import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Role } from '@kendali/contracts';
import { defaultIngestOptions, Ingest } from '@kendali/ingest';
import { buildApi, type ApiOptions } from '../build-api';

/** The API over a real Ingest on a DuckDB file in a temporary folder, for this package's tests. */
export interface ApiUnderTest {
  readonly app: FastifyInstance;
  readonly ingest: Ingest;
  readonly dataDir: string;
  /** An `authorization` header with a new token of that role. */
  bearer(role: Role): Promise<{ authorization: string }>;
  /** Closes the API and the store and removes the folder. */
  close(): Promise<void>;
}

export async function openApiUnderTest(name: string, options: Omit<ApiOptions, 'ingest'> = {}): Promise<ApiUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), `kendali-${name}-`));
  const ingest = await Ingest.open({ ...defaultIngestOptions, dataDir });
  const app = await buildApi({ ingest, ...options });
  return {
    app,
    ingest,
    dataDir,
    bearer: async (role) => ({ authorization: `Bearer ${(await ingest.tokens.create(`test ${role}`, role)).token}` }),
    close: async () => {
      await app.close();
      await ingest.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
