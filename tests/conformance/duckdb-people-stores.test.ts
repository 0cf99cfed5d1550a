import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openPeopleStores } from '@kendali/ingest';
import { makeTempDir } from '@kendali/test-support';
import { peopleStoreConformance } from './people-store-conformance';

/** The people's stores in a real DuckDB file in a fresh temporary folder; a restart opens the file again. */
peopleStoreConformance('DuckDB file', async () => {
  const folder = await makeTempDir('duckdb-people');
  return {
    open: async (clock) => {
      const instance = await DuckDBInstance.create(join(folder.path, 'kendali.duckdb'));
      try {
        const stores = await openPeopleStores(instance, { clock });
        return {
          stores,
          close: async () => {
            await stores.close();
            instance.closeSync();
          },
        };
      } catch (error) {
        instance.closeSync();
        throw error;
      }
    },
    remove: () => folder.remove(),
  };
});
