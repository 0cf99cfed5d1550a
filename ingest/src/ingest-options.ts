import type { SessionOptions } from './people/sessions';
import type { SignInGuardOptions } from './people/sign-in';
import type { PairingOptions } from './people/display-pairings';
import { builtInCities, defaultCityId, defaultSettingsDriftAfterMs, type City, type Clock } from '@kendali/contracts';
import { defaultRetention, type RetentionPolicy } from './store/history-tier';

export interface IngestOptions {
  /** Folder holding the embedded database file. */
  readonly dataDir: string;
  /** Where every time ingest records or reasons with comes from (arrival, status changes, alarms, registry). */
  readonly clock: Clock;
  readonly maxPayloadBytes: number;
  readonly maxBatchLength: number;
  readonly maxFutureSkewMs: number;
  readonly maxAgeMs: number;
  readonly frameIntervalMs: number;
  readonly maxReadingsPerFrame: number;
  readonly offlineAfterIntervals: number;
  /** A cleared alarm that returns within this time reopens and counts instead of a new alarm, ms. */
  readonly alarmReopenWithinMs: number;
  /** The longest an operator may shelve an alarm, ms. */
  readonly alarmMaxShelveMs: number;
  /** How long people's sessions last (default: 30 minutes idle, 12 hours at most). */
  readonly sessions?: SessionOptions;
  /** When failed sign-ins lock an account or an address. */
  readonly signInGuard?: SignInGuardOptions;
  /** How long a wall's pairing code lasts and how often an address may ask for one. */
  readonly pairing?: PairingOptions;
  /** How long a device's reported settings may differ from the desired ones before it is in drift (the default settings-drift rule's duration), ms. */
  readonly settingsDriftAfterMs: number;
  /**
   * PostgreSQL (postgres:// URL) for what several nodes share: people, their sessions and tokens,
   * wall screens' credentials, the audit log, alarms and rules. Null or absent: all of it in the embedded file.
   */
  readonly databaseUrl?: string | null;
  /** With a database URL: how often a node that does not lead alarms tries to take the lead, ms (default 2 s). */
  readonly alarmLeadershipRetryMs?: number;
  /**
   * Whether this node may lead the alarms (default true). False on a node the internal feed never
   * reaches (an ingest worker): leading, it would hold the lead and raise nothing from readings.
   */
  readonly leadsAlarms?: boolean;
  /**
   * What feeds the live state and the alarm engine: `pipeline` (default), the readings this node
   * stores; `broker`, only the internal feed of every ingest worker (`Core.feed`), as in external-broker mode.
   */
  readonly liveFeed?: 'pipeline' | 'broker';
  /** Time series to InfluxDB (through a spool in `dataDir/spool`) instead of the embedded store. */
  readonly influx?: InfluxIngestOptions | null;
  /** The cities the room watches, its own first: their districts, water gates, sun and clocks. */
  readonly cities: readonly City[];
  /** How long the embedded store keeps raw readings and 1-minute roll-ups; hourly ones are kept for good. */
  readonly retention: RetentionPolicy;
  /** The embedded store's background work: rolling up what commits touched, and retention, each this often (ms). */
  readonly rollups: { readonly intervalMs: number; readonly retentionIntervalMs: number };
  /** Free space on the data directory's disk below which it is `low` (the wall warns) and `critical` (`/readyz` fails), bytes. */
  readonly disk: { readonly lowFreeBytes: number; readonly criticalFreeBytes: number };
}

/** Where InfluxDB is and how large the local spool may grow; the rest has defaults. */
export interface InfluxIngestOptions {
  readonly url: string;
  readonly token: string | null;
  readonly database: string;
  readonly spoolMaxBytes: number;
  /** `manage`: keep the roll-up tiers' retention policies and continuous queries (1.x); `off`: someone else does. */
  readonly rollups?: 'manage' | 'off';
}

export const defaultIngestOptions: Omit<IngestOptions, 'dataDir' | 'clock'> = Object.freeze({
  maxPayloadBytes: 64 * 1024, // 64 KiB
  maxBatchLength: 1_000,
  maxFutureSkewMs: 5 * 60_000, // 5 minutes
  maxAgeMs: 7 * 24 * 3_600_000, // 7 days
  frameIntervalMs: 250, // 4 Hz
  maxReadingsPerFrame: 5_000,
  offlineAfterIntervals: 3,
  alarmReopenWithinMs: 3_600_000, // 1 hour
  alarmMaxShelveMs: 24 * 3_600_000, // 24 hours
  settingsDriftAfterMs: defaultSettingsDriftAfterMs, // 10 minutes
  cities: [builtInCities[defaultCityId]!],
  retention: defaultRetention,
  rollups: { intervalMs: 10_000, retentionIntervalMs: 10 * 60_000 }, // 10 s, 10 minutes
  disk: { lowFreeBytes: 2 * 1024 ** 3, criticalFreeBytes: 512 * 1024 ** 2 }, // 2 GiB, 512 MiB
});
