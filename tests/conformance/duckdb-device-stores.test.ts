import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDeviceStores } from '@kendali/ingest';
import { makeTempDir } from '@kendali/test-support';
import { cities, deviceStoreConformance } from './device-store-conformance';

/** The device stores in a real DuckDB file in a fresh temporary folder; a restart opens the file again. */
deviceStoreConformance('DuckDB file', async () => {
  const folder = await makeTempDir('duckdb-devices');
  return {
    open: async (clock) => {
      const instance = await DuckDBInstance.create(join(folder.path, 'kendali.duckdb'));
      try {
        const stores = await openDeviceStores(instance, clock, cities, null);
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
