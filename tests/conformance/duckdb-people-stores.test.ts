import { join } from 'node:path';
import { openPeopleStores } from '@kendali/ingest';
import { makeTempDir } from '@kendali/test-support';
import { peopleStoreConformance } from './people-store-conformance';
import { onDuckDb } from './store-nodes';

/** The people's stores in a real DuckDB file in a fresh temporary folder; a restart opens the file again. */
peopleStoreConformance('DuckDB file', async () => {
  const folder = await makeTempDir('duckdb-people');
  return {
    open: (clock) => onDuckDb(join(folder.path, 'kendali.duckdb'), (instance) => openPeopleStores(instance, { clock })),
    remove: () => folder.remove(),
  };
});
