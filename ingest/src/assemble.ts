import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DiskUsage, StorageStatus } from '@kendali/contracts';
import { AlarmEngine } from './alarms/alarm-engine';
import type { AlarmRows } from './alarms/alarm-rows';
import { AlarmStore } from './alarms/alarm-store';
import { NoLeadership, PostgresLeadership, SoleLeadership, type Leadership } from './shared-state/alarm-leadership';
import { PostgresAlarmRows } from './shared-state/postgres-alarm-rows';
import { Backups } from './backup/backup-service';
import { Commands } from './commands/commands';
import type { CommandStore } from './commands/command-store';
import { DuckDbCommandStore } from './commands/duckdb-command-store';
import { Settings } from './settings/device-settings';
import { DuckDbSettingsStore } from './settings/duckdb-settings-store';
import type { SettingsStore } from './settings/settings-store';
import { PostgresCommandStore } from './shared-state/postgres-command-store';
import { PostgresSettingsStore } from './shared-state/postgres-settings-store';
import type { ApiTokens } from './auth/api-tokens';
import type { AuditLog } from './audit/audit-log';
import { DisplayPairings } from './people/display-pairings';
import type { Displays } from './people/displays';
import type { Limiters } from './people/limiters';
import type { Sessions } from './people/sessions';
import { SignIn } from './people/sign-in';
import type { Users } from './people/users';
import { openDeviceStores } from './shared-state/device-stores';
import { openPeopleStores } from './shared-state/people-stores';
import type { SharedDatabase } from './shared-state/shared-database';
import type { IngestOptions } from './ingest-options';
import { FeedApplier } from './live/feed-applier';
import { LiveState } from './live/live-state';
import { RejectionLog } from './pipeline/rejection-log';
import { TelemetryPipeline } from './pipeline/telemetry-pipeline';
import { WatchSessions } from './pipeline/watch-sessions';
import type { DeviceRegistry } from './registry/device-registry';
import type { ProfileCatalogue } from './profiles/profile-catalogue';
import { ProfileTrials } from './profiles/profile-trial';
import type { PendingDevices } from './registry/pending-devices';
import { DuckDbTelemetryStore } from './store/duckdb-telemetry-store';
import { defaultInfluxStoreOptions, InfluxTelemetryStore } from './store/influx/influx-telemetry-store';
import { DiskGuard } from './disk/disk-guard';
import { storageStatus, type TelemetryReads, type TelemetryStore } from './store/telemetry-store';

/** Reads of the alarm history: the list, one alarm, audit trails, rule versions. */
export type AlarmHistory = Pick<AlarmRows, 'query' | 'get' | 'events' | 'ruleVersions'>;

/**
 * The core's services, each one job. The composition root hands each part only those it uses:
 * the broker the pipeline (its telemetry sink), each API plugin its own few.
 */
export interface Core {
  /** Decode, validate, store, live state: the broker's telemetry sink. */
  readonly pipeline: TelemetryPipeline;
  readonly registry: DeviceRegistry;
  /** Device profiles (kinds as data): every version, the one in force, changes that take effect live. */
  readonly kinds: ProfileCatalogue;
  /** Dry runs of a proposed profile version on the kind's recent messages. */
  readonly profileTrials: ProfileTrials;
  /** The newest reading and connection state of every device, cut into frames. */
  readonly live: LiveState;
  /** Rules, open alarms and what operators do to them; `change` on every raise or change. */
  readonly alarms: AlarmEngine;
  readonly alarmHistory: AlarmHistory;
  /** Commands to devices: checked against their profiles, stored, sent through the broker, followed to their answers. */
  readonly commands: Commands;
  /** Devices' settings (desired state): checked against their profiles, kept, published retained, compared with what devices report. */
  readonly settings: Settings;
  readonly tokens: ApiTokens;
  /** Who changed what, when and from where: append-only, hash-chained. */
  readonly audit: AuditLog;
  /** People's accounts, their sessions, and signing in with a password. */
  readonly users: Users;
  readonly sessions: Sessions;
  readonly signIn: SignIn;
  /** Wall screens' credentials, and the pairing that hands a wall its own. */
  readonly displays: Displays;
  readonly pairings: DisplayPairings;
  /** Counters of failures (sign-ins, MQTT connects): this node's, or every node's in PostgreSQL with the people. */
  readonly limiters: Limiters;
  /** Devices that knocked with the provisioning key (discovery mode). */
  readonly pending: PendingDevices;
  /** History reads, counters and health of the time-series store (never its writes). */
  readonly telemetry: TelemetryReads;
  readonly rejections: RejectionLog;
  /**
   * With `liveFeed: 'broker'`, what feeds the live state and the alarm engine: the internal feed of
   * the ingest workers, applied once per reading and in order per device. Null when the pipeline feeds them.
   */
  readonly feed: FeedApplier | null;
  /** Live views of single devices' raw messages. */
  readonly watch: WatchSessions;
  /** Free space on the data disk and the store's size, measured every 30 s. */
  readonly disk: DiskGuard;
  /** Consistent copies of the whole state, taken while ingest goes on. */
  readonly backups: Backups;
  /** PostgreSQL holding the people, the audit log, the devices, the kinds, alarms and rules, commands and settings for every node (KENDALI_DATABASE_URL); null = all in the embedded file. */
  readonly sharedDatabase: Pick<SharedDatabase, 'describe' | 'on' | 'off'> | null;
  /** Stops the timers, finishes every write, checkpoints and closes the database file. */
  close(): Promise<void>;
}

/** The live state as the pipeline sees it when the internal feed feeds the real one. */
const unfedLive = { heard: () => undefined, validated: () => undefined, stored: () => undefined, setStatus: () => undefined };

const withDisk = (status: StorageStatus, disk: DiskUsage | null): StorageStatus => (disk === null ? status : { ...status, disk });

/**
 * Opens the database file and assembles the core once: stores, registry, tokens, live state,
 * alarms, and the pipeline that feeds them. The wiring between services lives here and only here:
 * stored readings, rejections and connection changes feed the alarm engine; the live state follows
 * the alarms and counts the rejections.
 */
export async function openCore(options: IngestOptions): Promise<Core> {
  await mkdir(options.dataDir, { recursive: true });
  const instance = await DuckDBInstance.create(join(options.dataDir, 'kendali.duckdb'));
  const { clock } = options;
  const people = await openPeopleStores(instance, { clock, sessions: options.sessions, databaseUrl: options.databaseUrl });
  const devices = await openDeviceStores(instance, clock, options.cities, people.shared);
  const { kinds, registry, pending } = devices;
  const influxStore = options.influx
    ? await InfluxTelemetryStore.open({ ...defaultInfluxStoreOptions, retention: options.retention, ...options.influx, spoolDir: join(options.dataDir, 'spool'), kinds })
    : undefined;
  const store: TelemetryStore =
    influxStore ??
    (await DuckDbTelemetryStore.open(instance, {
      clock,
      retention: options.retention,
      rollupIntervalMs: options.rollups.intervalMs,
      retentionIntervalMs: options.rollups.retentionIntervalMs,
      kinds,
      exportDir: join(options.dataDir, 'exports-in-progress'),
    }));
  kinds.onActivate((next, previous) => store.prepareKind(next, previous));
  const { audit, users, tokens, displays, sessions } = people;
  const pairings = new DisplayPairings(displays, clock, options.pairing, people.pairingRows, people.limiters);
  const signIn = new SignIn(users, sessions, options.signInGuard, people.limiters);
  const disk = await DiskGuard.start({ dir: options.dataDir, ...options.disk });
  const live = new LiveState(registry, { ...options, kinds, storageStatus: () => withDisk(storageStatus(store), disk.usage()) });
  const newest = await store.latestPerDevice();
  live.warm(newest);
  // With a shared database, alarms and rules live there and one node at a time evaluates (leadership held in PostgreSQL).
  const alarmRows = people.shared ? new PostgresAlarmRows(people.shared, randomUUID()) : undefined;
  const alarmStore: AlarmRows = alarmRows ?? (await AlarmStore.open(instance));
  const leadership: Leadership =
    options.leadsAlarms === false
      ? new NoLeadership()
      : options.databaseUrl
        ? await PostgresLeadership.start({ url: options.databaseUrl, retryMs: options.alarmLeadershipRetryMs })
        : new SoleLeadership();
  const gatesById = new Map(options.cities.flatMap((city) => city.waterGates.map((gate) => [gate.id, gate] as const)));
  const alarms = await AlarmEngine.open(alarmStore, registry, live, {
    clock,
    reopenWithinMs: options.alarmReopenWithinMs,
    maxShelveMs: options.alarmMaxShelveMs,
    gateThresholds: (gateId) => gatesById.get(gateId), // a post's metadata names the gate it sits on
    cities: options.cities,
    kinds,
    settingsDriftAfterMs: options.settingsDriftAfterMs,
    leadership,
    ...(alarmRows && people.shared ? { shared: { rows: alarmRows, changes: people.shared } } : {}),
  });
  live.followAlarms(alarms);
  // With a shared database, commands and settings live there too: a device's answer reaches whichever node the broker picks.
  const shared = people.shared ?? undefined;
  const commandStore: CommandStore = shared ? new PostgresCommandStore(shared) : await DuckDbCommandStore.open(instance);
  const commands = await Commands.open(commandStore, { clock, kinds, registry }, shared);
  const settingsStore: SettingsStore = shared ? new PostgresSettingsStore(shared) : await DuckDbSettingsStore.open(instance);
  const settings = await Settings.open(settingsStore, { clock, kinds, registry, driftAfterMs: (device) => alarms.settingsDriftAfterMs(device) }, shared);
  const rejections = new RejectionLog();
  // Fed through the broker, the pipeline only stores and keeps refused records for profile trials:
  // what it accepted reaches the live state, the alarms and the rejection log through the feed, once.
  const fedByBroker = options.liveFeed === 'broker';
  const pipeline = fedByBroker
    ? new TelemetryPipeline(registry, store, unfedLive, { record: () => undefined, keepRecord: (kind, record) => rejections.keepRecord(kind, record) }, options, kinds)
    : new TelemetryPipeline(registry, store, live, rejections, options, kinds);
  const feed = fedByBroker ? new FeedApplier({ registry, live, alarms, rejections, clock }) : null;
  feed?.warm(newest);
  const watch = new WatchSessions(clock);
  const profileTrials = new ProfileTrials({ kinds, registry, store, rejections, clock, timestampLimits: options });
  const backups = new Backups({ instance, dataDir: options.dataDir, ...(influxStore ? { copySpool: (dir: string) => influxStore.copySpool(dir) } : {}) }, clock);

  pipeline.on('accepted', watch.accepted);
  if (!fedByBroker) pipeline.on('stored', (readings) => alarms.onReadings(readings, clock.now()));
  rejections.on('rejected', (record) => {
    live.rejected();
    alarms.onRejection(record.deviceId, record, record.at);
  });
  live.on('status', (deviceId, state, atMs) => alarms.onStatus(deviceId, state, atMs));
  settings.on('change', (device) => alarms.onSettings(device.deviceId, device.mismatched, clock.now(), device.differentSince ?? undefined));
  // Devices that differed before a restart are held from when they began to differ, not from now.
  const settingsToAlarms = () => {
    for (const device of settings.list()) alarms.onSettings(device.deviceId, device.mismatched, clock.now(), device.differentSince ?? undefined);
  };
  settingsToAlarms();
  alarms.on('leadership', (leader) => leader && settingsToAlarms()); // a node taking the lead holds drifting devices again
  live.start();
  feed?.start();
  alarms.start();
  commands.start();

  return {
    pipeline,
    registry,
    kinds,
    profileTrials,
    live,
    alarms,
    alarmHistory: alarmStore,
    commands,
    settings,
    tokens,
    audit,
    users,
    sessions,
    signIn,
    displays,
    pairings,
    limiters: people.limiters,
    pending,
    telemetry: store,
    rejections,
    feed,
    watch,
    disk,
    backups,
    sharedDatabase: people.shared,
    close: async () => {
      disk.close();
      feed?.stop();
      live.stop();
      commands.stop();
      await leadership.close(); // another node takes the lead at once
      await alarms.close();
      await alarmStore.close(); // its writes finish before the telemetry store checkpoints the file
      await commandStore.close();
      await devices.close();
      await people.close();
      await settingsStore.close();
      await store.close();
      instance.closeSync();
    },
  };
}
