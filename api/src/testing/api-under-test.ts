import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock, type Role } from '@kendali/contracts';
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

/** `clock` (default: the real one) goes to both ingest and the API, as the composition root does. */
export async function openApiUnderTest(name: string, options: Omit<ApiOptions, 'ingest' | 'clock'> & { readonly clock?: Clock } = {}): Promise<ApiUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), `kendali-${name}-`));
  const clock = options.clock ?? systemClock;
  const ingest = await Ingest.open({ ...defaultIngestOptions, dataDir, clock });
  const app = await buildApi({ ...options, ingest, clock });
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
