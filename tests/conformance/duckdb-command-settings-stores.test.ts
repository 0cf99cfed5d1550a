import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbCommandStore, DuckDbSettingsStore } from '@kendali/ingest';
import { makeTempDir } from '@kendali/test-support';
import { commandStoreConformance } from './command-store-conformance';
import { settingsStoreConformance } from './settings-store-conformance';
import { onDuckDb, type StoreNode } from './store-nodes';

/** Opens a store in a real DuckDB file in a fresh temporary folder; a restart opens the file again. */
const inDuckDbFile = <S extends StoreNode>(open: (instance: DuckDBInstance) => Promise<S>) => async () => {
  const folder = await makeTempDir('duckdb-commands');
  return {
    open: () => onDuckDb(join(folder.path, 'kendali.duckdb'), open),
    remove: () => folder.remove(),
  };
};

commandStoreConformance('DuckDB file', inDuckDbFile((instance) => DuckDbCommandStore.open(instance)));
settingsStoreConformance('DuckDB file', inDuckDbFile((instance) => DuckDbSettingsStore.open(instance)));
