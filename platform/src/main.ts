import { pino } from 'pino';
import { BrokerError } from '@kendali/broker';
import { IngestError, type IngestErrorCode } from '@kendali/ingest';
import { ConfigError, loadConfig } from './config';
import { TlsPairError } from './tls-pair';
import { ListenError } from './listen-errors';
import { openFileLimit, reservedFiles } from './open-file-limit';
import { startExternalPlatform } from './external-broker/start-external-platform';
import { startPlatform } from './start-platform';

/** How many more device connections the open-file limit admits: past it the kernel resets new ones. */
function deviceCapacityLine(simulatedDevices: number): string[] {
  const limit = openFileLimit();
  if (limit === undefined || limit === Number.POSITIVE_INFINITY) return [];
  const room = limit - reservedFiles - 2 * simulatedDevices;
  return [`  Device capacity:   about ${room} more connections (open-file limit ${limit}; raise ulimit -n for more)`];
}

const sharedDatabaseCodes: ReadonlySet<IngestErrorCode> = new Set(['KENDALI_ERR_DATABASE_UNREACHABLE', 'KENDALI_ERR_DATABASE_REFUSED', 'KENDALI_ERR_DATABASE_NEWER']);

/** Where an api node's (or the embedded platform's) pages are. */
const pageLines = (http: string, wallQuery: string) => [
  `  Wall dashboard:    ${http}/wall${wallQuery}`,
  `  Wall screens:      ${http}/ops/displays (pair a screen by the code /wall shows)`,
  `  Engineer page:     ${http}/devices`,
  `  API docs:          ${http}/docs`,
  `  Live frames (SSE): ${http}/api/live`,
  `  Metrics:           ${http}/metrics`,
];

/** All an ingest worker serves over HTTP. */
const workerLines = (http: string) => [`  Health:            ${http}/healthz (readiness: /readyz)`, `  Metrics:           ${http}/metrics`];

const forceExitAfterMs = 1_000; // a second signal within this is the same key press

/** `pnpm start`: the whole platform in one process. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kendali: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  let platform;
  try {
    platform = config.externalMqtt === null ? await startPlatform(config, { logger }) : await startExternalPlatform(config, { logger });
  } catch (error) {
    // A broker that cannot be reached or refuses Kendali's user is a setting to fix, said in one line.
    if (error instanceof ListenError || error instanceof ConfigError || (error instanceof BrokerError && error.code === 'KENDALI_ERR_EXTERNAL_BROKER')) {
      process.stderr.write(`kendali: ${error.message}\n`);
      process.exit(2);
    }
    // So is a PostgreSQL server that cannot be reached or refuses the credentials.
    if (error instanceof IngestError && sharedDatabaseCodes.has(error.code)) {
      process.stderr.write(`kendali: KENDALI_DATABASE_URL: ${error.message}. Fix KENDALI_DATABASE_URL or the server (README, Shared state in PostgreSQL).\n`);
      process.exit(2);
    }
    throw error;
  }
  const { addresses, tokens, firstAdmin } = platform;
  const wallQuery = tokens.wall ? `?token=${tokens.wall}` : '';
  const ingestOnly = config.externalMqtt?.role === 'ingest';
  process.stdout.write(
    [
      '',
      ingestOnly ? 'Kendali is running as an ingest worker (KENDALI_ROLE=ingest): no dashboard or API here' : 'Kendali is running',
      ...(ingestOnly ? workerLines(addresses.http) : pageLines(addresses.http, wallQuery)),
      ...('mqttWebSocket' in addresses
        ? [`  MQTT (TCP):        ${addresses.mqtt}`, `  MQTT (WebSocket):  ${addresses.mqttWebSocket}`, ...(addresses.mqttTls ? [`  MQTT (TLS):        ${addresses.mqttTls}`] : [])]
        : [`  MQTT (TCP):        ${addresses.mqtt} (external broker; this node is ${config.externalMqtt?.nodeId}, role ${config.externalMqtt?.role})`]),
      `  Data directory:    ${config.dataDir}`,
      ...(config.externalMqtt === null ? deviceCapacityLine(config.simulate.enabled ? config.simulate.devices : 0) : []), // devices hold no sockets of ours then
      `  Simulators:        ${config.simulate.enabled ? `${config.simulate.devices} devices at ${config.simulate.ratePerDeviceHz} reading(s)/s each` : 'off'}`,
      ...(tokens.admin ? [`  Admin token:       ${tokens.admin}`] : []),
      ...(tokens.file ? [`  First-run tokens kept in ${tokens.file}: revoke them and delete the file in production.`] : []),
      ...(config.adminToken ? ['  Admin token:       the value of KENDALI_ADMIN_TOKEN'] : []),
      ...(firstAdmin.password ? [`  Admin sign-in:     admin / ${firstAdmin.password}`] : []),
      ...(firstAdmin.file ? [`  First-run admin password kept in ${firstAdmin.file}: change it and delete the file in production.`] : []),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n') + '\n',
  );
  logger.info({ httpPort: addresses.httpPort, mqtt: addresses.mqtt, dataDir: config.dataDir }, 'listening');

  let stoppingSince: number | undefined;
  const stop = (signal: string) => {
    if (stoppingSince !== undefined) {
      // Ctrl+C reaches every process of the terminal's group, and wrappers relay it too: one key
      // press can arrive twice within milliseconds. Only a deliberate second press forces the exit.
      if (Date.now() - stoppingSince < forceExitAfterMs) return;
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down: flushing readings and closing the store');
    platform.close().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // A renewed certificate (e.g. by certbot's deploy hook) takes effect without a restart, on each TLS port.
  const reloads = [
    { port: 'HTTPS', reload: () => platform.reloadHttpTls() },
    { port: 'MQTT over TLS', reload: () => platform.reloadMqttTls() },
  ];
  process.on('SIGHUP', () => {
    for (const { port, reload } of reloads) {
      try {
        if (reload()) logger.info({ port }, 'certificate and key read again; new connections get them');
      } catch (error) {
        if (!(error instanceof TlsPairError)) throw error;
        logger.error({ port, reason: error.message }, 'certificate not reloaded; the one before is still served');
      }
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`kendali: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
