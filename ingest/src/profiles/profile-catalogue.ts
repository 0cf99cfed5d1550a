import { EventEmitter } from 'node:events';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { builtInProfiles, compileProfile, type Clock, type DeviceKind, type DeviceKindSpec, type DeviceProfile, type KindLookup, type StoredProfile } from '@kendali/contracts';
import { IngestError } from '../errors';
import { profileChanges } from './profile-changes';
import { describeProblems, profileProblems } from './profile-validation';
import { SerialWrites } from '../serial-writes';

const ddl = `CREATE TABLE IF NOT EXISTS device_profiles (
  kind VARCHAR NOT NULL, version INTEGER NOT NULL, built_in BOOLEAN NOT NULL, profile VARCHAR NOT NULL,
  changed_at_ms BIGINT NOT NULL, changed_by VARCHAR NOT NULL, changes VARCHAR NOT NULL, PRIMARY KEY (kind, version))`;

/**
 * What must happen before a new version goes live: the store makes room for new fields and refuses
 * a change its stored readings cannot follow (by throwing `KENDALI_ERR_PROFILE_CONFLICT`).
 */
export type ProfileActivation = (next: DeviceKindSpec, previous: DeviceKindSpec | undefined) => Promise<void>;

export interface ProfileCatalogueEvents {
  /** A new version of a kind is in force. */
  changed: [spec: DeviceKindSpec, stored: StoredProfile];
}

const toStored = (row: Record<string, unknown>): StoredProfile => ({
  kind: String(row['kind']),
  version: Number(row['version']),
  builtIn: Boolean(row['built_in']),
  profile: JSON.parse(String(row['profile'])) as DeviceProfile,
  changedAt: new Date(Number(row['changed_at_ms'])).toISOString(),
  changedBy: String(row['changed_by']),
  changes: JSON.parse(String(row['changes'])) as string[],
});

/**
 * Device profiles (kinds as data), every version kept in the database file. The built-in profiles
 * are version 1 of their kinds; an engineer's `PUT` adds a version that takes effect at once, for
 * ingest, alarms and the dashboard, once the store has made room for it.
 */
export class ProfileCatalogue extends EventEmitter<ProfileCatalogueEvents> implements KindLookup {
  readonly #current = new Map<DeviceKind, { spec: DeviceKindSpec; stored: StoredProfile }>();
  #activate: ProfileActivation = async () => {};
  readonly #writes = new SerialWrites();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
  ) {
    super();
  }

  static async open(instance: DuckDBInstance, clock: Clock): Promise<ProfileCatalogue> {
    const connection = await instance.connect();
    await connection.run(ddl);
    const catalogue = new ProfileCatalogue(connection, clock);
    for (const [kind, profile] of Object.entries(builtInProfiles)) {
      await connection.run(
        `INSERT INTO device_profiles SELECT $kind, 1, true, $profile, $at, 'kendali', $changes WHERE NOT EXISTS (SELECT 1 FROM device_profiles WHERE kind = $kind)`,
        { kind, profile: JSON.stringify(profile), at: clock.now(), changes: JSON.stringify(['built in']) },
      );
    }
    const rows = (await connection.runAndReadAll('SELECT * FROM device_profiles QUALIFY version = max(version) OVER (PARTITION BY kind) ORDER BY built_in DESC, kind')).getRowObjectsJS();
    for (const row of rows) {
      const stored = toStored(row);
      catalogue.#current.set(stored.kind, { spec: compileProfile(stored.kind, stored.profile, stored.version), stored });
    }
    return catalogue;
  }

  /** Set once by the core: the store's part in a new version going live. */
  onActivate(activate: ProfileActivation): void {
    this.#activate = activate;
  }

  spec(kind: DeviceKind): DeviceKindSpec | undefined {
    return this.#current.get(kind)?.spec;
  }

  all(): readonly DeviceKindSpec[] {
    return [...this.#current.values()].map((entry) => entry.spec);
  }

  /** The version in force of every kind. */
  profiles(): StoredProfile[] {
    return [...this.#current.values()].map((entry) => entry.stored);
  }

  profile(kind: DeviceKind): StoredProfile | undefined {
    return this.#current.get(kind)?.stored;
  }

  async versions(kind: DeviceKind): Promise<StoredProfile[]> {
    const rows = (await this.connection.runAndReadAll('SELECT * FROM device_profiles WHERE kind = $kind ORDER BY version DESC', { kind })).getRowObjectsJS();
    return rows.map(toStored);
  }

  /**
   * Checks a candidate profile as `put` would, without keeping it: the compiled spec, or an
   * `KENDALI_ERR_PROFILE_INVALID` naming each problem with its JSON path.
   */
  check(kind: DeviceKind, candidate: unknown): DeviceKindSpec {
    const { profile, problems } = profileProblems(candidate);
    if (profile === undefined || problems.length > 0) throw new IngestError('KENDALI_ERR_PROFILE_INVALID', `profile of "${kind}": ${describeProblems(problems)}`);
    return compileProfile(kind, profile, (this.#current.get(kind)?.stored.version ?? 0) + 1);
  }

  /** Keeps a new version of a kind (or its first) and puts it in force; one change at a time. */
  put(kind: DeviceKind, candidate: unknown, changedBy: string): Promise<StoredProfile> {
    return this.#keep(kind, candidate, changedBy, false);
  }

  /**
   * After an upgrade of Kendali: a built-in kind whose version in force is still the one an earlier
   * release shipped gets the profile this release ships, as a new built-in version (its store made
   * ready like any version's). A kind an engineer has changed is theirs and is left as it is.
   * Resolves with what was upgraded and what was refused (e.g. a change stored readings cannot follow).
   */
  async upgradeBuiltIns(): Promise<{ upgraded: StoredProfile[]; refused: { kind: DeviceKind; reason: string }[] }> {
    const upgraded: StoredProfile[] = [];
    const refused: { kind: DeviceKind; reason: string }[] = [];
    for (const [kind, shipped] of Object.entries(builtInProfiles)) {
      const current = this.#current.get(kind)?.stored;
      if (current === undefined || !current.builtIn || JSON.stringify(current.profile) === JSON.stringify(shipped)) continue;
      try {
        upgraded.push(await this.#keep(kind, shipped, 'kendali', true));
      } catch (error) {
        refused.push({ kind, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return { upgraded, refused };
  }

  #keep(kind: DeviceKind, candidate: unknown, changedBy: string, builtIn: boolean): Promise<StoredProfile> {
    return this.#writes.run(async () => {
      const spec = this.check(kind, candidate);
      const profile = candidate as DeviceProfile;
      const previous = this.#current.get(kind);
      await this.#activate(spec, previous?.spec);
      const stored: StoredProfile = {
        kind,
        version: spec.version,
        builtIn,
        profile,
        changedAt: new Date(this.clock.now()).toISOString(),
        changedBy,
        changes: profileChanges(previous?.stored.profile, profile),
      };
      await this.connection.run('INSERT INTO device_profiles VALUES ($kind, $version, $builtIn, $profile, $at, $by, $changes)', {
        kind,
        builtIn,
        version: stored.version,
        profile: JSON.stringify(profile),
        at: this.clock.now(),
        by: changedBy,
        changes: JSON.stringify(stored.changes),
      });
      this.#current.set(kind, { spec, stored });
      this.emit('changed', spec, stored);
      return stored;
    });
  }

  close(): void {
    this.connection.closeSync();
  }
}
