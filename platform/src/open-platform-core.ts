import type { Logger } from 'pino';
import { defaultIngestOptions, openCore, type Core } from '@kendali/ingest';
import type { Clock } from '@kendali/contracts';
import type { PlatformConfig } from './config';
import { logSharedState, logStorage, upgradeBuiltInKinds } from './event-logging';
import { prepareFirstAdmin, type FirstAdmin } from './first-admin';
import { prepareTokens, type StartTokens } from './first-run-tokens';

/** The core every mode of the platform runs on, ready for its first request. */
export interface PlatformCore {
  readonly core: Core;
  readonly tokens: StartTokens;
  /** The first-run admin account's password, when one was made here. */
  readonly firstAdmin: FirstAdmin;
}

/**
 * Opens the store, registry, people and alarms from the settings, logs the storage's events, brings
 * the built-in kinds up to this release, and makes the first-run tokens and admin. Closes what it
 * opened if a step fails.
 */
export async function openPlatformCore(config: PlatformConfig, clock: Clock, logger: Logger): Promise<PlatformCore> {
  const core = await openCore({
    ...defaultIngestOptions,
    clock,
    dataDir: config.dataDir,
    maxPayloadBytes: config.maxPayloadBytes,
    frameIntervalMs: config.liveFrameMs,
    influx: config.influx,
    cities: config.cities,
    disk: config.disk,
    retention: config.retention,
    settingsDriftAfterMs: config.settingsDriftAfterMs,
    sessions: config.sessions,
    databaseUrl: config.databaseUrl,
    // Beside an external broker the live state and alarms follow the internal feed, whichever node stored the reading.
    liveFeed: config.externalMqtt === null ? 'pipeline' : 'broker',
    // An ingest worker does not follow the feed, so the alarms are led by a node that does.
    leadsAlarms: config.externalMqtt?.role !== 'ingest',
  });
  try {
    logStorage(core, logger);
    logSharedState(core, logger);
    await upgradeBuiltInKinds(core, logger);
    const tokens = await prepareTokens(core.tokens, config.dataDir, config.adminToken);
    const firstAdmin = await prepareFirstAdmin(core.users, config.dataDir, config.adminPassword);
    return { core, tokens, firstAdmin };
  } catch (error) {
    await core.close();
    throw error;
  }
}
