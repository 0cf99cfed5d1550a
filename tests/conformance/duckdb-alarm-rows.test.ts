import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { AlarmStore } from '@kendali/ingest';
import { makeTempDir } from '@kendali/test-support';
import { alarmRowsConformance } from './alarm-rows-conformance';

/** The alarm rows in a real DuckDB file in a fresh temporary folder; a restart opens the file again. */
alarmRowsConformance('DuckDB file', async () => {
  const folder = await makeTempDir('duckdb-alarms');
  return {
    open: async () => {
      const instance = await DuckDBInstance.create(join(folder.path, 'kendali.duckdb'));
      const rows = await AlarmStore.open(instance);
      return {
        rows,
        close: async () => {
          await rows.close();
          instance.closeSync();
        },
      };
    },
    remove: () => folder.remove(),
  };
});
