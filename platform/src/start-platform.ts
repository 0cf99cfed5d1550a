import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { buildApi } from '@kendali/api';
import { KendaliBroker } from '@kendali/broker';
import { AlarmWebhooks, defaultIngestOptions, defaultWebhookOptions, openCore, type Core } from '@kendali/ingest';
import { alarmTopicPrefix, systemClock, type Clock } from '@kendali/contracts';
import { buildFleet, startSimulation, type Simulation } from '@kendali/simulators';
import { ConfigError, type PlatformConfig } from './config';
import { prepareTokens, type StartTokens } from './first-run-tokens';
import { listenOrExplain } from './listen-errors';
import { createMqttAuthenticator } from './mqtt-authenticator';
import { openFileLimit, simulatedFleetFileProblem } from './open-file-limit';
import { simulatorSecrets } from './simulator-credentials';

export interface PlatformAddresses {
  readonly http: string;
  readonly mqtt: string;
  readonly mqttTls: string | null;
  readonly mqttWebSocket: string;
  readonly httpPort: number;
  readonly mqttPort: number;
  readonly mqttTlsPort: number | null;
}

export interface Platform {
  readonly addresses: PlatformAddresses;
  readonly core: Core;
  readonly broker: KendaliBroker;
  readonly api: Awaited<ReturnType<typeof buildApi>>;
  readonly tokens: StartTokens;
  /** Stops simulators, stops accepting, flushes what is held and closes the store. */
  close(): Promise<void>;
}

const defaultDashboardDir = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));
const version = '0.1.0';

/**
 * Wires broker + ingest + api (+ simulators on request) and starts listening. The one clock every
 * part takes its time from is made here (the machine's, unless a caller passes another).
 */
export async function startPlatform(config: PlatformConfig, options: { logger?: Logger; dashboardDir?: string; clock?: Clock } = {}): Promise<Platform> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  if (config.simulate.enabled) {
    const fileProblem = simulatedFleetFileProblem(config.simulate.devices, openFileLimit());
    if (fileProblem !== undefined) throw new ConfigError([fileProblem]);
  }
  const core = await openCore({ ...defaultIngestOptions, clock, dataDir: config.dataDir, maxPayloadBytes: config.maxPayloadBytes, influx: config.influx });
  // One line per change of the store's state (InfluxDB reachable or not, spool full), never one per retry.
  core.telemetry.on('health', ({ ok, detail, backlogReadings }) =>
    ok ? logger.info({ backlogReadings }, `time-series store ok: ${detail}`) : logger.error({ backlogReadings }, `time-series store degraded: ${detail}`),
  );
  core.telemetry.on('refused', (count, detail) => logger.error({ count }, detail));
  if (core.telemetry.recovery) {
    const { backlogRecords, tornBytes, damagedSegments } = core.telemetry.recovery;
    if (backlogRecords > 0 || tornBytes > 0) logger.warn({ backlogRecords, tornBytes }, 'spool replay: readings not yet confirmed by InfluxDB are sent again');
    if (damagedSegments.length > 0) logger.error({ damagedSegments }, 'spool segments failed their CRC before their end (disk damage): the rest of each was skipped');
  }
  const tokens = await prepareTokens(core.tokens, config.dataDir, config.adminToken);
  const broker = await KendaliBroker.create({
    clock,
    sink: core.pipeline,
    authenticate: createMqttAuthenticator(core, config.discovery),
    maxPacketBytes: config.maxPacketBytes,
    maxConnectBytes: config.maxConnectBytes,
    connectTimeoutMs: config.connectTimeoutMs,
  });
  broker.on('clientError', ({ clientId, message }) => logger.debug({ clientId, message }, 'mqtt client error'));
  broker.on('connectRefused', ({ clientId, username, remoteAddress, reason }) => logger.info({ clientId, username, remoteAddress, reason }, 'mqtt connect refused'));
  broker.on('storeFailed', ({ deviceId, error }) => logger.error({ deviceId, err: error }, 'store failed; PUBACK withheld and connection dropped so the device resends'));
  core.registry.on('revoked', (deviceId) => broker.disconnectDevice(deviceId));
  const webhooks = new AlarmWebhooks({
    ...defaultWebhookOptions,
    urls: config.alarmWebhooks.urls,
    ...(config.alarmWebhooks.secret ? { secret: config.alarmWebhooks.secret } : {}),
  });
  webhooks.on('failed', ({ url, alarmId, error }) => logger.warn({ url, alarmId, err: error }, 'alarm webhook gave up'));
  webhooks.on('retrying', ({ url, alarmId, attempts, error }) => logger.debug({ url, alarmId, attempts, err: error }, 'alarm webhook attempt failed; retrying'));
  core.alarms.on('error', (error) => logger.error({ err: error }, 'alarm could not be persisted'));
  core.alarms.on('change', (alarm, event) => {
    webhooks.send(alarm, event);
    // Other systems follow alarms on MQTT: open ones retained, so a new subscriber sees them at once.
    const topic = `${alarmTopicPrefix}/${alarm.id}`;
    const payload = Buffer.from(JSON.stringify({ event, alarm }));
    const open = alarm.state !== 'cleared';
    broker.aedes.publish({ cmd: 'publish', topic, payload, qos: 1, retain: open, dup: false }, () => undefined);
    if (!open) broker.aedes.publish({ cmd: 'publish', topic, payload: Buffer.alloc(0), qos: 1, retain: true, dup: false }, () => undefined);
  });

  let listening = false;
  let mqttPorts = { tcp: config.mqttPort, tls: config.tls?.port ?? null };
  const api = await buildApi({
    services: core,
    clock,
    dashboardDir: options.dashboardDir ?? defaultDashboardDir,
    logger: logger.child({ part: 'api' }, { level: config.logLevel === 'info' ? 'warn' : config.logLevel }),
    readiness: { broker: () => ({ ok: listening, detail: listening ? `${broker.connectedClients} MQTT clients` : 'not listening yet' }) },
    gauges: { kendali_mqtt_clients: { help: 'Connected MQTT clients', read: () => broker.connectedClients } },
    info: () => ({ mqtt: { host: config.host === '0.0.0.0' ? '127.0.0.1' : config.host, tcpPort: mqttPorts.tcp, tlsPort: mqttPorts.tls, webSocketPath: '/mqtt' }, version }),
    onPendingApproved: (deviceId, secret) => {
      broker.publishToDevice(deviceId, 'commands', JSON.stringify({ type: 'credentials', username: deviceId, secret }), 1);
      // Give the device a moment to take its secret, then end the pending session so it reconnects as itself.
      setTimeout(() => broker.disconnectDevice(deviceId, 'pending'), 2_000).unref();
    },
    onPendingRejected: (deviceId) => broker.disconnectDevice(deviceId, 'pending'),
  });
  broker.attachWebSocket(api.server, '/mqtt');

  let simulation: Simulation | undefined;
  const shutdown = async () => {
    await simulation?.stop();
    await api.close();
    await broker.close();
    await core.close();
    await Promise.race([webhooks.settle(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  };
  try {
    const mqttAddress = await listenOrExplain('KENDALI_MQTT_PORT', config.mqttPort, config.host, () => broker.listenTcp(config.mqttPort, config.host));
    let tlsAddress: AddressInfo | null = null;
    if (config.tls) {
      const tls = config.tls;
      const [cert, key] = await Promise.all([readFile(tls.certFile), readFile(tls.keyFile)]);
      tlsAddress = await listenOrExplain('KENDALI_MQTT_TLS_PORT', tls.port, config.host, () => broker.listenTls(tls.port, config.host, { cert, key }));
    }
    await listenOrExplain('KENDALI_HTTP_PORT', config.httpPort, config.host, () => api.listen({ port: config.httpPort, host: config.host }));
    listening = true;
    mqttPorts = { tcp: mqttAddress.port, tls: tlsAddress?.port ?? null };
    const httpAddress = api.server.address() as AddressInfo;
    const host = displayHost(config.host);
    const addresses: PlatformAddresses = {
      http: `http://${host}:${httpAddress.port}`,
      mqtt: `mqtt://${host}:${mqttAddress.port}`,
      mqttTls: tlsAddress ? `mqtts://${host}:${tlsAddress.port}` : null,
      mqttWebSocket: `ws://${host}:${httpAddress.port}/mqtt`,
      httpPort: httpAddress.port,
      mqttPort: mqttAddress.port,
      mqttTlsPort: tlsAddress?.port ?? null,
    };

    if (config.simulate.enabled) {
      const secretFor = await simulatorSecrets(config.dataDir);
      const fleet = buildFleet({ devices: config.simulate.devices, seed: config.simulate.seed });
      await core.registry.provision(
        fleet.map(({ id, kind, name, district, lat, lon, installDate, metadata }) => ({
          id, kind, name, district, lat, lon, installDate: installDate ?? null, metadata: { simulated: true, ...metadata },
        })),
        secretFor,
      );
      simulation = await startSimulation({
        url: `mqtt://127.0.0.1:${mqttAddress.port}`,
        fleet,
        ratePerDeviceHz: config.simulate.ratePerDeviceHz,
        seed: config.simulate.seed,
        speed: config.simulate.speed,
        scenarios: config.simulate.scenarios,
        credentials: (device) => ({ username: device.id, password: secretFor(device.id) }),
        clock,
      });
      for (const line of simulation.briefing) logger.info({ drill: line }, 'simulator drill');
    }

    let closing: Promise<void> | undefined;
    return { addresses, core, broker, api, tokens, close: () => (closing ??= shutdown()) };
  } catch (error) {
    await shutdown();
    throw error;
  }
}

const displayHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);
