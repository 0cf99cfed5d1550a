import { join } from 'node:path';
import { AlarmStore } from '@kendali/ingest';
import { makeTempDir } from '@kendali/test-support';
import { alarmRowsConformance } from './alarm-rows-conformance';
import { onDuckDb } from './store-nodes';

/** The alarm rows in a real DuckDB file in a fresh temporary folder; a restart opens the file again. */
alarmRowsConformance('DuckDB file', async () => {
  const folder = await makeTempDir('duckdb-alarms');
  return {
    open: async () => {
      const { stores: rows, close } = await onDuckDb(join(folder.path, 'kendali.duckdb'), (instance) => AlarmStore.open(instance));
      return { rows, close };
    },
    remove: () => folder.remove(),
  };
});
