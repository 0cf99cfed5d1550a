import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino, type Logger } from 'pino';
import { buildApi, buildWorkerApi } from '@kendali/api';
import { BrokerError, DynamicSecurity, listenBacklog, MosquittoDeviceAccounts, type IngestConnections } from '@kendali/broker';
import type { Core } from '@kendali/ingest';
import { systemClock, type Clock } from '@kendali/contracts';
import type { PlatformConfig } from '../config';
import type { FirstAdmin } from '../first-admin';
import type { StartTokens } from '../first-run-tokens';
import { displayHost, httpServing } from '../http-serving';
import { listenOrExplain } from '../listen-errors';
import { openPlatformCore } from '../open-platform-core';
import { kendaliVersion as version } from '../version';
import { feedCounters, startApiRole, type ApiRole } from './api-role';
import { brokerHooks } from './broker-hooks';
import { mirrorToMosquitto, resyncAccounts } from './credential-mirror';
import { startIngestRole, type IngestRole } from './ingest-role';

type ExternalMqtt = NonNullable<PlatformConfig['externalMqtt']>;

export interface ExternalPlatform {
  readonly addresses: { readonly http: string; readonly httpPort: number; readonly mqtt: string };
  readonly core: Core;
  /** The ingest worker's connections (KENDALI_INGEST_CONNECTIONS); null on an api node (KENDALI_ROLE=api). */
  readonly ingest: IngestConnections | null;
  readonly tokens: StartTokens;
  readonly firstAdmin: FirstAdmin;
  /** As the embedded platform's: the HTTPS certificate read again (SIGHUP); false when HTTPS is off. */
  reloadHttpTls(): boolean;
  /** Always false: the external broker serves MQTT over TLS itself. */
  reloadMqttTls(): boolean;
  close(): Promise<void>;
}

const defaultDashboardDir = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));
const sessionExpirySeconds = 7 * 24 * 3600; // 7 days: how long the broker keeps a stopped worker's unacknowledged messages

/** A connection of Kendali's own user to the broker for managing accounts (clean: it holds no messages). */
async function adminConnection(mqtt: ExternalMqtt, suffix: string): Promise<MqttClient> {
  try {
    return await connectAsync(mqtt.url, {
      protocolVersion: 5,
      clientId: `${mqtt.nodeId}-${suffix}`,
      clean: true,
      reconnectPeriod: 1_000,
      ...(mqtt.username === undefined ? {} : { username: mqtt.username }),
      ...(mqtt.password === undefined ? {} : { password: mqtt.password }),
    });
  } catch (error) {
    throw new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `could not connect to ${mqtt.url} as ${mqtt.username ?? '(no username)'}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Where devices connect, for the engineers' publish examples: the external broker. The answer's
 * shape has a TCP port always; behind mqtts:// that is the TLS port, where devices must use TLS.
 */
function brokerInfo(url: string) {
  const broker = new URL(url);
  const secure = broker.protocol === 'mqtts:';
  const port = Number(broker.port || (secure ? 8883 : 1883));
  return { host: broker.hostname, tcpPort: port, tlsPort: secure ? port : null, webSocketPath: '/mqtt' };
}

const prepareAttempts = 5;

/**
 * Kendali's service role and the devices' group made in Mosquitto, and the role given to Kendali's
 * own user. Nodes starting together may each find the role missing; the first to give it makes
 * Mosquitto drop every connection of that user, the others' setup connections with theirs. A node
 * whose setup connection was dropped starts the step again on a new one, and finds the role given.
 */
async function prepareAccounts(mqtt: ExternalMqtt): Promise<void> {
  for (let attempt = 1; attempt <= prepareAttempts; attempt += 1) {
    const setup = await adminConnection(mqtt, 'setup');
    const dropped = new Promise<'dropped'>((resolve) => setup.once('close', () => resolve('dropped')));
    const preparing = DynamicSecurity.attach(setup).then(async (dynsec) => {
      await new MosquittoDeviceAccounts(dynsec).prepare(mqtt.username);
      return 'prepared' as const;
    });
    preparing.catch(() => undefined); // once the connection is dropped, what it was waiting for no longer matters
    try {
      if ((await Promise.race([preparing, dropped])) === 'prepared') return;
    } finally {
      await setup.endAsync(true);
    }
  }
  throw new BrokerError('KENDALI_ERR_EXTERNAL_BROKER', `the broker closed the set-up connection ${prepareAttempts} times before it was done; check its log for why it drops ${mqtt.username ?? 'the user'}`);
}

/** Device accounts in Mosquitto: the accounts resynced, then every registry change pushed. */
async function manageAccounts(mqtt: ExternalMqtt, core: Core, logger: Logger): Promise<MqttClient> {
  const connection = await adminConnection(mqtt, 'accounts');
  const accounts = new MosquittoDeviceAccounts(await DynamicSecurity.attach(connection));
  await resyncAccounts(accounts, core.registry, logger);
  core.registry.mirrorCredentials(mirrorToMosquitto(accounts, logger));
  return connection;
}

/** How many of an ingest worker's connections are up (none while it starts), beside how many it opens. */
function ingestGauges(mqtt: ExternalMqtt, role: () => IngestRole | null) {
  return {
    kendali_ingest_connections_up: { help: "Ingest worker's connections to the external broker that are up", read: () => role()?.ingest.connectedCount ?? 0 },
    kendali_ingest_connections: { help: 'Connections the ingest worker opens to the external broker (KENDALI_INGEST_CONNECTIONS)', read: () => mqtt.ingestConnections },
  };
}

/**
 * The platform beside an external MQTT broker (KENDALI_MQTT_URL), in the role KENDALI_ROLE names.
 * An ingest worker (`ingest`) takes the devices' telemetry and status through the broker's shared
 * subscriptions, acknowledges each once durable and published on the internal feed, and answers
 * rejections; it serves only health and metrics. An api node (`api`) follows the internal feed into
 * its live state and alarms, serves the API and dashboard, sends commands, settings and alarms
 * through the broker and takes the devices' answers; with Mosquitto's dynamic security it keeps the
 * registry's device accounts there, and with EMQX it answers the broker's authentication and
 * authorisation hooks (KENDALI_BROKER_HOOK_SECRET). `all` is both in one process, its live state fed
 * by the feed like any api node's. Discovery (devices knocking with the provisioning key) and watch
 * sessions of raw messages need the embedded broker for now.
 */
export async function startExternalPlatform(config: PlatformConfig, options: { logger?: Logger; dashboardDir?: string; clock?: Clock } = {}): Promise<ExternalPlatform> {
  const mqtt = config.externalMqtt;
  if (mqtt === null) throw new Error('startExternalPlatform needs KENDALI_MQTT_URL');
  const logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const serving = httpServing(config);
  const { core, tokens, firstAdmin } = await openPlatformCore(config, clock, logger);
  const closing: (() => Promise<unknown>)[] = [() => core.close()];
  let closeHttp: (() => Promise<unknown>) | null = null;
  const shutdown = async () => {
    await closeHttp?.(); // requests end before the parts they use
    for (const close of closing.reverse()) await close();
  };
  try {
    const takesIn = mqtt.role !== 'api';
    const serves = mqtt.role !== 'ingest';
    // Mosquitto's accounts follow the registry before the API can change it (dynamic security;
    // never beside EMQX's hooks).
    if (mqtt.dynamicSecurity) await prepareAccounts(mqtt);
    if (mqtt.dynamicSecurity && serves) {
      const accountsConnection = await manageAccounts(mqtt, core, logger.child({ part: 'accounts' }));
      closing.push(() => accountsConnection.endAsync());
    }
    let apiRole: ApiRole | null = null;
    let ingestRole: IngestRole | null = null;
    const connecting = { ok: false, detail: `connecting to ${mqtt.url}` };
    const readiness = {
      ...(takesIn ? { broker: () => ingestRole?.ready() ?? connecting } : {}),
      ...(serves ? { feed: () => apiRole?.ready() ?? connecting } : {}),
    };
    const gauges = takesIn ? ingestGauges(mqtt, () => ingestRole) : {};
    const apiLogger = logger.child({ part: 'api' }, { level: config.logLevel === 'info' ? 'warn' : config.logLevel });
    const hooks = serves ? brokerHooks(mqtt, core, logger.child({ part: 'broker-hooks' })) : null;
    const api = serves
      ? await buildApi({
          services: core,
          clock,
          cities: config.cities,
          dashboardDir: options.dashboardDir ?? defaultDashboardDir,
          logger: apiLogger,
          readiness,
          gauges,
          counters: feedCounters(core.feed),
          info: () => ({ mqtt: brokerInfo(mqtt.url), version }),
          ...serving.apiOptions,
          ...(hooks ? { brokerHooks: hooks } : {}),
        })
      : await buildWorkerApi({ services: core, clock, logger: apiLogger, readiness, gauges, ...(serving.apiOptions.https ? { https: serving.apiOptions.https } : {}) });
    closeHttp = () => api.close();
    // EMQX asks the hooks about Kendali's own connections too, so the node listens before its roles
    // connect; until they are up, /readyz says it is not ready.
    await listenOrExplain('KENDALI_HTTP_PORT', config.httpPort, config.host, () => api.listen({ port: config.httpPort, host: config.host, backlog: listenBacklog }));
    // The feed is followed before anything is taken in, so a first start of an `all` node misses
    // none of its own readings; at a stop, taking in ends first.
    if (serves) {
      apiRole = await startApiRole(mqtt, config, core, clock, sessionExpirySeconds, logger.child({ part: 'api-node' }));
      closing.push(() => apiRole!.close());
    }
    if (takesIn) {
      ingestRole = await startIngestRole(mqtt, core, clock, sessionExpirySeconds, logger.child({ part: 'ingest' }));
      closing.push(() => ingestRole!.close());
    }
    const httpAddress = api.server.address() as AddressInfo;
    const host = displayHost(config.host);
    let stopped: Promise<void> | undefined;
    return {
      addresses: { http: `http${serving.secure}://${host}:${httpAddress.port}`, httpPort: httpAddress.port, mqtt: mqtt.url },
      core,
      ingest: ingestRole?.ingest ?? null,
      tokens,
      firstAdmin,
      reloadHttpTls: () => serving.reload(api.server),
      reloadMqttTls: () => false,
      close: () => (stopped ??= shutdown()),
    };
  } catch (error) {
    await shutdown();
    throw error;
  }
}
