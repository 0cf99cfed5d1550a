import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock, type Role } from '@kendali/contracts';
import { defaultIngestOptions, openCore, type Core } from '@kendali/ingest';
import { buildApi, type ApiOptions } from '../build-api';

/** The API over a real core on a DuckDB file in a temporary folder, for this package's tests. */
export interface ApiUnderTest {
  readonly app: FastifyInstance;
  /** The core's services, whole, so tests can feed and inspect what the API is given. */
  readonly core: Core;
  readonly dataDir: string;
  /** An `authorization` header with a new token of that role. */
  bearer(role: Role): Promise<{ authorization: string }>;
  /** Closes the API and the store and removes the folder. */
  close(): Promise<void>;
}

/** `clock` (default: the real one) and `cities` go to both the core and the API, as the composition root does. */
export async function openApiUnderTest(name: string, options: Omit<ApiOptions, 'services' | 'clock'> & { readonly clock?: Clock } = {}): Promise<ApiUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), `kendali-${name}-`));
  const clock = options.clock ?? systemClock;
  const core = await openCore({ ...defaultIngestOptions, dataDir, clock, ...(options.cities ? { cities: options.cities } : {}) });
  const app = await buildApi({ ...options, services: core, clock });
  return {
    app,
    core,
    dataDir,
    bearer: async (role) => ({ authorization: `Bearer ${(await core.tokens.create(`test ${role}`, role)).token}` }),
    close: async () => {
      await app.close();
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
