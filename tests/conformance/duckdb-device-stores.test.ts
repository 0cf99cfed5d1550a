import { join } from 'node:path';
import { openDeviceStores } from '@kendali/ingest';
import { makeTempDir } from '@kendali/test-support';
import { cities, deviceStoreConformance } from './device-store-conformance';
import { onDuckDb } from './store-nodes';

/** The device stores in a real DuckDB file in a fresh temporary folder; a restart opens the file again. */
deviceStoreConformance('DuckDB file', async () => {
  const folder = await makeTempDir('duckdb-devices');
  return {
    open: (clock) => onDuckDb(join(folder.path, 'kendali.duckdb'), (instance) => openDeviceStores(instance, clock, cities, null)),
    remove: () => folder.remove(),
  };
});
