import type { Logger } from 'pino';
import type { KendaliBroker } from '@kendali/broker';
import type { Core } from '@kendali/ingest';

/**
 * What the log says about storage: the store's state changes (one line per change, InfluxDB
 * reachable or not, spool full, never one per retry), refused writes, what the spool replays after
 * a restart, failed roll-up or retention runs, alarms that could not be persisted, commands whose
 * expiry could not be recorded, and telemetry messages a fault in Kendali kept it from reading.
 */
export function logStorage(core: Pick<Core, 'telemetry' | 'alarms' | 'commands' | 'pipeline'>, logger: Logger): void {
  core.telemetry.on('health', ({ ok, detail, backlogReadings }) =>
    ok ? logger.info({ backlogReadings }, `time-series store ok: ${detail}`) : logger.error({ backlogReadings }, `time-series store degraded: ${detail}`),
  );
  core.telemetry.on('refused', (count, detail) => logger.error({ count }, detail));
  core.telemetry.on('notice', (detail) => logger.warn(detail));
  core.telemetry.on('maintenanceFailed', (error) => logger.error({ err: error }, 'roll-up or retention run failed; it runs again at its next turn'));
  if (core.telemetry.recovery) {
    const { backlogRecords, tornBytes, damagedSegments } = core.telemetry.recovery;
    if (backlogRecords > 0 || tornBytes > 0) logger.warn({ backlogRecords, tornBytes }, 'spool replay: readings not yet confirmed by InfluxDB are sent again');
    if (damagedSegments.length > 0) logger.error({ damagedSegments }, 'spool segments failed their CRC before their end (disk damage): the rest of each was skipped');
  }
  core.alarms.on('error', (error) => logger.error({ err: error }, 'alarm could not be persisted'));
  core.commands.on('expiryFailed', (error) => logger.error({ err: error }, 'expired commands could not be recorded; tried again at the next expiry tick'));
  core.pipeline.on('fault', (deviceId, error) => logger.error({ deviceId, err: error }, 'a telemetry message could not be read (a fault in Kendali); refused with KENDALI_ERR_INTERNAL'));
  core.alarms.on('leadership', (leader) =>
    logger.info({ leader }, leader ? 'this node now evaluates alarm rules and delivers alarm changes (leader)' : 'this node no longer evaluates alarm rules; it follows the leader\'s alarms'),
  );
}

/** Says where the shared state lives, and when the connection that follows other nodes' changes is lost and back. */
export function logSharedState(core: Pick<Core, 'sharedDatabase' | 'kinds'>, logger: Logger): void {
  const database = core.sharedDatabase;
  if (database === null) return;
  logger.info(
    { database: database.describe() },
    'shared state in PostgreSQL: people, sessions, API tokens, display credentials and their pairing codes, sign-in lock-outs, the audit log, the device registry, the discovery list, device profiles, alarms and rules, commands and device settings',
  );
  core.kinds.on('activationFailed', (kind, version, error) =>
    logger.error({ kind, version, err: error }, "a profile version another node put in force could not be made ready in this node's store; it is in force here too, and readings the store cannot take are refused"),
  );
  database.on('listenerLost', (error, retryMs) => logger.error({ err: error, retryMs }, 'lost the PostgreSQL connection that follows other nodes\' changes; reconnecting, then every cache reads its table again'));
  database.on('listenerBack', () => logger.info('following other nodes\' changes in PostgreSQL again; caches read anew'));
}

/** Brings built-in kinds nobody changed up to this release's profiles, and says what it did. */
export async function upgradeBuiltInKinds(core: Pick<Core, 'kinds'>, logger: Logger): Promise<void> {
  const { upgraded, refused } = await core.kinds.upgradeBuiltIns();
  for (const stored of upgraded) logger.info({ kind: stored.kind, version: stored.version, changes: stored.changes }, 'built-in device profile upgraded');
  for (const { kind, reason } of refused) logger.error({ kind, reason }, 'built-in device profile of this release not applied; the earlier version stays in force');
}

/** What the log says about MQTT clients: errors (debug), refused connects, and PUBACKs withheld by a store failure. */
export function logBroker(broker: KendaliBroker, logger: Logger): void {
  broker.on('clientError', ({ clientId, message }) => logger.debug({ clientId, message }, 'mqtt client error'));
  broker.on('connectRefused', ({ clientId, username, remoteAddress, reason }) => logger.info({ clientId, username, remoteAddress, reason }, 'mqtt connect refused'));
  broker.on('storeFailed', ({ deviceId, error }) => logger.error({ deviceId, err: error }, 'store failed; PUBACK withheld and connection dropped so the device resends'));
}
