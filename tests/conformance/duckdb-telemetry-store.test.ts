import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbTelemetryStore } from '@kendali/ingest';
import { makeTempDir } from '@kendali/test-support';
import { telemetryStoreConformance } from './telemetry-store-conformance';

/** The embedded store on a real DuckDB file in a fresh temporary folder. */
telemetryStoreConformance(
  'DuckDbTelemetryStore',
  async (kinds) => {
    const folder = await makeTempDir('duckdb-store');
    const instance = await DuckDBInstance.create(join(folder.path, 'kendali.duckdb'));
    try {
      const store = await DuckDbTelemetryStore.open(instance, kinds === undefined ? {} : { kinds });
      return {
        store,
        settled: async () => undefined, // `append` resolves once the rows are committed
        cleanup: async () => {
          await store.close();
          instance.closeSync();
          await folder.remove();
        },
      };
    } catch (error) {
      instance.closeSync();
      await folder.remove();
      throw error;
    }
  },
  { onePointPerDeviceAndTime: true, keepsReceivedAt: true, widensIntegerToNumber: true },
);
