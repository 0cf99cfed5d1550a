import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { buildApi } from '@kendali/api';
import { KendaliBroker, listenBacklog } from '@kendali/broker';
import type { Core } from '@kendali/ingest';
import { systemClock, type Clock } from '@kendali/contracts';
import type { Simulation } from '@kendali/simulators';
import { deliverAlarms } from './alarm-delivery';
import { deliverCommands } from './command-delivery';
import { deliverReports } from './report-delivery';
import { deliverSettings } from './settings-delivery';
import { ReportSchedule } from './report-schedule';
import { checkBuiltInFleetFits, startBuiltInFleet } from './built-in-fleet';
import type { PlatformConfig } from './config';
import { logBroker } from './event-logging';
import type { FirstAdmin } from './first-admin';
import type { StartTokens } from './first-run-tokens';
import { displayHost, httpServing, readTlsPairOrExplain } from './http-serving';
import { listenOrExplain } from './listen-errors';
import { createMqttAuthenticator } from './mqtt-authenticator';
import { openPlatformCore } from './open-platform-core';
import { handOverOnReturn, pendingApproval } from './pending-approval';
import { mqttTlsSettings, readTlsPair } from './tls-pair';
import { kendaliVersion as version } from './version';

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
  /** The first-run admin account's password, when one was made here. */
  readonly firstAdmin: FirstAdmin;
  /**
   * Reads KENDALI_HTTP_TLS_CERT and KENDALI_HTTP_TLS_KEY again and serves them to new connections
   * (a renewed certificate, on SIGHUP); throws a TlsPairError, keeping the old pair, if they do not
   * make a pair. False when HTTPS is off.
   */
  reloadHttpTls(): boolean;
  /** The same for KENDALI_TLS_CERT and KENDALI_TLS_KEY, MQTT over TLS; false when that port is off. */
  reloadMqttTls(): boolean;
  /** Stops simulators, stops accepting, flushes what is held and closes the store. */
  close(): Promise<void>;
}

const defaultDashboardDir = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/**
 * Wires broker + ingest + api (+ simulators on request) and starts listening. The one clock every
 * part takes its time from is made here (the machine's, unless a caller passes another).
 */
export async function startPlatform(config: PlatformConfig, options: { logger?: Logger; dashboardDir?: string; clock?: Clock } = {}): Promise<Platform> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  if (config.simulate.enabled) checkBuiltInFleetFits(config.simulate);
  const serving = httpServing(config);
  const { core, tokens, firstAdmin } = await openPlatformCore(config, clock, logger);
  const broker = await KendaliBroker.create({
    clock,
    sink: core.pipeline,
    commandResults: core.commands,
    settingsReports: core.settings,
    authenticate: createMqttAuthenticator(core, config.discovery),
    maxPacketBytes: config.maxPacketBytes,
    maxConnectBytes: config.maxConnectBytes,
    connectTimeoutMs: config.connectTimeoutMs,
    connectLimiters: core.limiters,
  });
  logBroker(broker, logger);
  core.registry.on('revoked', (deviceId) => broker.outbox.disconnect(deviceId));
  const alarmDelivery = deliverAlarms(core.alarms, broker.outbox, config.alarmWebhooks, logger);
  deliverCommands(core.commands, broker, logger.child({ part: 'commands' }));
  await deliverSettings(core.settings, core.registry, broker, logger.child({ part: 'settings' }));

  const decisions = pendingApproval(broker.outbox);
  if (config.discovery !== null) handOverOnReturn(broker, core, decisions, logger);

  let listening = false;
  let mqttPorts = { tcp: config.mqttPort, tls: config.tls?.port ?? null };
  const api = await buildApi({
    services: core,
    clock,
    cities: config.cities,
    dashboardDir: options.dashboardDir ?? defaultDashboardDir,
    logger: logger.child({ part: 'api' }, { level: config.logLevel === 'info' ? 'warn' : config.logLevel }),
    readiness: { broker: () => ({ ok: listening, detail: listening ? `${broker.connectedClients} MQTT clients` : 'not listening yet' }) },
    gauges: { kendali_mqtt_clients: { help: 'Connected MQTT clients', read: () => broker.connectedClients } },
    info: () => ({ mqtt: { host: config.host === '0.0.0.0' ? '127.0.0.1' : config.host, tcpPort: mqttPorts.tcp, tlsPort: mqttPorts.tls, webSocketPath: '/mqtt' }, version }),
    ...serving.apiOptions,
    ...decisions,
  });
  broker.attachWebSocket(api.server, '/mqtt', serving.webSocketAdmission);
  const reports = new ReportSchedule({
    kinds: config.reports.kinds,
    lang: config.reports.lang,
    dataDir: config.dataDir,
    sources: { devices: () => core.registry.list(), kinds: core.kinds, telemetry: core.telemetry, alarmHistory: core.alarmHistory, cities: config.cities, clock },
    deliver: deliverReports({ webhookUrls: config.reports.webhookUrls, secret: config.alarmWebhooks.secret }, logger.child({ part: 'reports' })),
  });
  reports.on('written', ({ path }) => logger.info({ path }, 'report written'));
  reports.on('failed', ({ period, error }) => logger.error({ report: period.label, err: error }, 'report could not be made; it is tried again at the next start'));

  let simulation: Simulation | undefined;
  const shutdown = async () => {
    await reports.stop();
    await simulation?.stop();
    await api.close();
    await broker.close();
    await core.close();
    await alarmDelivery.settle();
  };
  try {
    const mqttAddress = await listenOrExplain('KENDALI_MQTT_PORT', config.mqttPort, config.host, () => broker.listenTcp(config.mqttPort, config.host));
    let tlsAddress: AddressInfo | null = null;
    if (config.tls) {
      const tls = config.tls;
      const pems = readTlsPairOrExplain(tls, mqttTlsSettings);
      tlsAddress = await listenOrExplain('KENDALI_MQTT_TLS_PORT', tls.port, config.host, () => broker.listenTls(tls.port, config.host, pems));
    }
    await listenOrExplain('KENDALI_HTTP_PORT', config.httpPort, config.host, () => api.listen({ port: config.httpPort, host: config.host, backlog: listenBacklog }));
    listening = true;
    mqttPorts = { tcp: mqttAddress.port, tls: tlsAddress?.port ?? null };
    const httpAddress = api.server.address() as AddressInfo;
    const host = displayHost(config.host);
    const { secure } = serving;
    const addresses: PlatformAddresses = {
      http: `http${secure}://${host}:${httpAddress.port}`,
      mqtt: `mqtt://${host}:${mqttAddress.port}`,
      mqttTls: tlsAddress ? `mqtts://${host}:${tlsAddress.port}` : null,
      mqttWebSocket: `ws${secure}://${host}:${httpAddress.port}/mqtt`,
      httpPort: httpAddress.port,
      mqttPort: mqttAddress.port,
      mqttTlsPort: tlsAddress?.port ?? null,
    };

    if (config.simulate.enabled) {
      const mqttUrl = `mqtt://127.0.0.1:${mqttAddress.port}`;
      simulation = await startBuiltInFleet({ simulate: config.simulate, dataDir: config.dataDir, registry: core.registry, mqttUrl, clock, logger, cities: config.cities });
    }

    reports.start();

    let closing: Promise<void> | undefined;
    const reloadHttpTls = () => serving.reload(api.server);
    const reloadMqttTls = () => config.tls !== null && broker.reloadTls(readTlsPair(config.tls, mqttTlsSettings));
    return { addresses, core, broker, api, tokens, firstAdmin, reloadHttpTls, reloadMqttTls, close: () => (closing ??= shutdown()) };
  } catch (error) {
    await shutdown();
    throw error;
  }
}
