import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { InfluxTelemetryStore } from '@kendali/ingest';
import { influxdProgram, makeTempDir, startInfluxd, systemSuite, testedVersions, waitFor, type Influxd } from '@kendali/test-support';
import { telemetryStoreConformance } from '../conformance/telemetry-store-conformance';
import { influxStoreOptions } from './influx-fixtures';

const suite = systemSuite(influxdProgram, 'apt-get install influxdb', testedVersions.influxd);

describe.skipIf(!suite.available)(suite.title('the TelemetryStore contract against a real influxd'), () => {
  let influxd: Influxd;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let databases = 0;

  beforeAll(async () => {
    influxd = await startInfluxd();
    temp = await makeTempDir('influx-conformance');
  });
  afterAll(async () => {
    await influxd?.close();
    await temp?.remove();
  });

  /** A fresh database and spool folder per test; readable once InfluxDB confirmed the whole spool. */
  telemetryStoreConformance(
    'InfluxTelemetryStore',
    async (kinds) => {
      const database = `conformance_${++databases}`;
      await influxd.createDatabase(database);
      const store = await InfluxTelemetryStore.open(influxStoreOptions(influxd.url, database, join(temp.path, database), kinds === undefined ? {} : { kinds }));
      return {
        store,
        settled: async () => void (await waitFor(() => (store.health().ok && store.health().backlogReadings === 0 ? true : undefined), 'an empty spool')),
        cleanup: async () => {
          await store.close();
          await influxd.query(`DROP DATABASE "${database}"`);
        },
      };
    },
    { onePointPerDeviceAndTime: true, keepsReceivedAt: false, widensIntegerToNumber: false },
  );
});
