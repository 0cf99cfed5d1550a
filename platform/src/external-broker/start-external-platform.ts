import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino, type Logger } from 'pino';
import { buildApi } from '@kendali/api';
import { BrokerError, DynamicSecurity, ExternalIngest, MosquittoDeviceAccounts } from '@kendali/broker';
import type { Core } from '@kendali/ingest';
import { systemClock, type Clock } from '@kendali/contracts';
import { deliverAlarms } from '../alarm-delivery';
import type { PlatformConfig } from '../config';
import type { FirstAdmin } from '../first-admin';
import type { StartTokens } from '../first-run-tokens';
import { displayHost, httpServing } from '../http-serving';
import { listenOrExplain } from '../listen-errors';
import { openPlatformCore } from '../open-platform-core';
import { kendaliVersion as version } from '../version';
import { brokerHooks } from './broker-hooks';
import { mirrorToMosquitto, resyncAccounts } from './credential-mirror';

type ExternalMqtt = NonNullable<PlatformConfig['externalMqtt']>;

export interface ExternalPlatform {
  readonly addresses: { readonly http: string; readonly httpPort: number; readonly mqtt: string };
  readonly core: Core;
  readonly ingest: ExternalIngest;
  readonly tokens: StartTokens;
  readonly firstAdmin: FirstAdmin;
  /** As the embedded platform's: the HTTPS certificate read again (SIGHUP); false when HTTPS is off. */
  reloadHttpTls(): boolean;
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

/** Device accounts in Mosquitto: the service role and group made, the accounts resynced, then every registry change pushed. */
async function manageAccounts(mqtt: ExternalMqtt, core: Core, logger: Logger): Promise<MqttClient> {
  const setup = await adminConnection(mqtt, 'setup');
  try {
    await new MosquittoDeviceAccounts(await DynamicSecurity.attach(setup)).prepare(mqtt.username);
  } finally {
    await setup.endAsync(true);
  }
  const connection = await adminConnection(mqtt, 'accounts');
  const accounts = new MosquittoDeviceAccounts(await DynamicSecurity.attach(connection));
  await resyncAccounts(accounts, core.registry, logger);
  core.registry.mirrorCredentials(mirrorToMosquitto(accounts, logger));
  return connection;
}

/**
 * The platform as an ingest worker of an external MQTT broker (KENDALI_MQTT_URL): no embedded
 * broker; the devices' telemetry and status come through the broker's shared subscriptions, each
 * acknowledged once durable; rejections and alarms go out through the broker; with Mosquitto's
 * dynamic security the registry's device accounts are kept there, and with EMQX the API answers its
 * authentication and authorisation hooks (KENDALI_BROKER_HOOK_SECRET). Commands, settings and discovery
 * need the embedded broker for now.
 */
export async function startExternalPlatform(config: PlatformConfig, options: { logger?: Logger; dashboardDir?: string; clock?: Clock } = {}): Promise<ExternalPlatform> {
  const mqtt = config.externalMqtt;
  if (mqtt === null) throw new Error('startExternalPlatform needs KENDALI_MQTT_URL');
  const logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const serving = httpServing(config);
  const { core, tokens, firstAdmin } = await openPlatformCore(config, clock, logger);
  const closing: (() => Promise<unknown>)[] = [() => core.close()];
  const shutdown = async () => {
    for (const close of closing.reverse()) await close();
  };
  try {
    if (mqtt.dynamicSecurity) {
      const accountsConnection = await manageAccounts(mqtt, core, logger.child({ part: 'accounts' }));
      closing.push(() => accountsConnection.endAsync());
    }
    const ingest = await ExternalIngest.connect({ url: mqtt.url, username: mqtt.username, password: mqtt.password, clientId: mqtt.nodeId, sink: core.pipeline, clock, sessionExpirySeconds });
    ingest.on('storeFailed', ({ deviceId, error }) => logger.error({ deviceId, err: error }, 'store failed; PUBACK withheld and connection dropped so the broker sends it again'));
    ingest.on('connectionError', (error) => logger.warn({ err: error }, 'external broker connection failed; reconnecting'));
    const alarmDelivery = deliverAlarms(core.alarms, ingest, config.alarmWebhooks, logger);
    closing.push(() => alarmDelivery.settle(), () => ingest.close());

    const hooks = brokerHooks(mqtt, core, logger.child({ part: 'broker-hooks' }));
    const api = await buildApi({
      services: core,
      clock,
      cities: config.cities,
      dashboardDir: options.dashboardDir ?? defaultDashboardDir,
      logger: logger.child({ part: 'api' }, { level: config.logLevel === 'info' ? 'warn' : config.logLevel }),
      readiness: { broker: () => ({ ok: ingest.connected, detail: ingest.connected ? `connected to ${mqtt.url} as ${mqtt.nodeId}` : `not connected to ${mqtt.url}` }) },
      gauges: {},
      info: () => ({ mqtt: brokerInfo(mqtt.url), version }),
      ...serving.apiOptions,
      ...(hooks ? { brokerHooks: hooks } : {}),
    });
    closing.push(() => api.close());
    await listenOrExplain('KENDALI_HTTP_PORT', config.httpPort, config.host, () => api.listen({ port: config.httpPort, host: config.host }));
    const httpAddress = api.server.address() as AddressInfo;
    const host = displayHost(config.host);
    let stopped: Promise<void> | undefined;
    return {
      addresses: { http: `http${serving.secure}://${host}:${httpAddress.port}`, httpPort: httpAddress.port, mqtt: mqtt.url },
      core,
      ingest,
      tokens,
      firstAdmin,
      reloadHttpTls: () => serving.reload(api.server),
      close: () => (stopped ??= shutdown()),
    };
  } catch (error) {
    await shutdown();
    throw error;
  }
}
