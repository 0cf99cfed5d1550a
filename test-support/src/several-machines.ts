import { startInfluxd, type Influxd } from './influxd';
import { mosquittoAdmin, startMosquitto, type Mosquitto } from './mosquitto';
import { spawnPlatform, type RunningPlatform } from './platform-process';
import { startPostgres, type Postgres } from './postgres';
import { makeTempDir } from './temp-dir';

export interface SeveralMachines {
  readonly mosquitto: Mosquitto;
  readonly postgres: Postgres;
  readonly influxd: Influxd;
  /** The one database every node shares (KENDALI_DATABASE_URL). */
  readonly databaseUrl: string;
  /**
   * Starts a Kendali node of `role` as its own process on these services, in a data directory of
   * its own (or `dataDir`, to start a node again where it was).
   */
  startNode(role: 'ingest' | 'api', nodeId: string, dataDir?: string): Promise<{ readonly node: RunningPlatform; readonly dataDir: string }>;
  /** Stops every node started (SIGTERM), then the services, and removes the folders. */
  close(): Promise<void>;
}

/**
 * Mosquitto (dynamic security), PostgreSQL with a `kendali` database and InfluxDB with a `kendali`
 * database, each a private process on a free loopback port, for nodes of the external-broker roles.
 */
export async function startSeveralMachines(options: { readonly maxQueuedMessages?: number } = {}): Promise<SeveralMachines> {
  const [mosquitto, postgres, influxd] = await Promise.all([startMosquitto(options), startPostgres(), startInfluxd()]);
  const databaseUrl = await postgres.createDatabase('kendali');
  await influxd.createDatabase('kendali');
  const folders: Awaited<ReturnType<typeof makeTempDir>>[] = [];
  const nodes: RunningPlatform[] = [];
  return {
    mosquitto,
    postgres,
    influxd,
    databaseUrl,
    startNode: async (role, nodeId, dataDir) => {
      if (dataDir === undefined) {
        const folder = await makeTempDir(`node-${nodeId}`);
        folders.push(folder);
        dataDir = folder.path;
      }
      const node = await spawnPlatform(
        {
          KENDALI_DATA_DIR: dataDir,
          KENDALI_ROLE: role,
          KENDALI_NODE_ID: nodeId,
          KENDALI_MQTT_URL: mosquitto.url,
          KENDALI_MQTT_USERNAME: mosquittoAdmin.username,
          KENDALI_MQTT_PASSWORD: mosquittoAdmin.password,
          KENDALI_DATABASE_URL: databaseUrl,
          KENDALI_INFLUX_URL: influxd.url,
          KENDALI_INFLUX_ROLLUPS: 'off',
        },
        { stopWithParent: true, keptOutputChars: 20_000 },
      );
      nodes.push(node);
      return { node, dataDir };
    },
    close: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
      await Promise.all([mosquitto.close(), postgres.close(), influxd.close()]);
      for (const folder of folders) await folder.remove();
    },
  };
}
