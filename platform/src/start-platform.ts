import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { buildApi } from '@kendali/api';
import { KendaliBroker } from '@kendali/broker';
import { defaultIngestOptions, Ingest } from '@kendali/ingest';
import { buildFleet, startSimulation, type Simulation } from '@kendali/simulators';
import type { PlatformConfig } from './config';
import { listenOrExplain } from './listen-errors';

export interface PlatformAddresses {
  readonly http: string;
  readonly mqtt: string;
  readonly mqttWebSocket: string;
  readonly httpPort: number;
  readonly mqttPort: number;
}

export interface Platform {
  readonly addresses: PlatformAddresses;
  readonly ingest: Ingest;
  readonly broker: KendaliBroker;
  readonly api: Awaited<ReturnType<typeof buildApi>>;
  /** Stops simulators, stops accepting, flushes what is held and closes the store. */
  close(): Promise<void>;
}

const defaultDashboardDir = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/** Wires broker + ingest + api (+ simulators on request) and starts listening. */
export async function startPlatform(
  config: PlatformConfig,
  options: { logger?: Logger; dashboardDir?: string } = {},
): Promise<Platform> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const ingest = await Ingest.open({ ...defaultIngestOptions, dataDir: config.dataDir, maxPayloadBytes: config.maxPayloadBytes });
  const broker = await KendaliBroker.create({ sink: ingest });
  broker.on('clientError', ({ clientId, message }) => logger.debug({ clientId, message }, 'mqtt client error'));
  broker.on('storeFailed', ({ deviceId, error }) =>
    logger.error({ deviceId, err: error }, 'store failed; PUBACK withheld and connection dropped so the device resends'),
  );

  let listening = false;
  const api = await buildApi({
    ingest,
    dashboardDir: options.dashboardDir ?? defaultDashboardDir,
    logger: logger.child({ part: 'api' }, { level: config.logLevel === 'info' ? 'warn' : config.logLevel }),
    readiness: { broker: () => ({ ok: listening, detail: listening ? `${broker.connectedClients} MQTT clients` : 'not listening yet' }) },
    gauges: { kendali_mqtt_clients: { help: 'Connected MQTT clients', read: () => broker.connectedClients } },
  });
  broker.attachWebSocket(api.server, '/mqtt');

  let simulation: Simulation | undefined;
  try {
    const mqttAddress = await listenOrExplain('KENDALI_MQTT_PORT', config.mqttPort, config.host, () =>
      broker.listenTcp(config.mqttPort, config.host),
    );
    await listenOrExplain('KENDALI_HTTP_PORT', config.httpPort, config.host, () => api.listen({ port: config.httpPort, host: config.host }));
    listening = true;
    const httpAddress = api.server.address() as AddressInfo;
    const host = displayHost(config.host);
    const addresses: PlatformAddresses = {
      http: `http://${host}:${httpAddress.port}`,
      mqtt: `mqtt://${host}:${mqttAddress.port}`,
      mqttWebSocket: `ws://${host}:${httpAddress.port}/mqtt`,
      httpPort: httpAddress.port,
      mqttPort: mqttAddress.port,
    };

    if (config.simulate.enabled) {
      const fleet = buildFleet({ devices: config.simulate.devices, seed: config.simulate.seed });
      await ingest.registry.upsertMany(fleet.map(({ id, kind, name, district, lat, lon }) => ({ id, kind, name, district, lat, lon })));
      simulation = await startSimulation({
        url: `mqtt://127.0.0.1:${mqttAddress.port}`,
        fleet,
        ratePerDeviceHz: config.simulate.ratePerDeviceHz,
        seed: config.simulate.seed,
      });
    }

    let closing: Promise<void> | undefined;
    return {
      addresses,
      ingest,
      broker,
      api,
      close: () =>
        (closing ??= (async () => {
          await simulation?.stop();
          await api.close();
          await broker.close();
          await ingest.close();
        })()),
    };
  } catch (error) {
    await simulation?.stop();
    await api.close();
    await broker.close();
    await ingest.close();
    throw error;
  }
}

const displayHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);
