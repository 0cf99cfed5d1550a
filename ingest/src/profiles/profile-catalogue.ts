import { EventEmitter } from 'node:events';
import type { DuckDBInstance } from '@duckdb/node-api';
import { builtInProfiles, compileProfile, type Clock, type DeviceKind, type DeviceKindSpec, type DeviceProfile, type KindLookup, type StoredProfile } from '@kendali/contracts';
import { IngestError } from '../errors';
import { followTable, KeyedWrites } from '../shared-state/followed-table';
import type { ChangeFeed } from '../shared-state/shared-database';
import { profileChanges } from './profile-changes';
import { DuckDbProfileRows, type ProfileRows } from './profile-rows';
import { describeProblems, profileProblems } from './profile-validation';
import { SerialWrites } from '../serial-writes';

/**
 * What must happen before a new version goes live: the store makes room for new fields and refuses
 * a change its stored readings cannot follow (by throwing `KENDALI_ERR_PROFILE_CONFLICT`).
 */
export type ProfileActivation = (next: DeviceKindSpec, previous: DeviceKindSpec | undefined) => Promise<void>;

export interface ProfileCatalogueEvents {
  /** A new version of a kind is in force. */
  changed: [spec: DeviceKindSpec, stored: StoredProfile];
  /**
   * A version another node put in force could not be made ready in this node's store (its readings
   * cannot follow): it is in force here too, as the shared database says, and the store may refuse its readings.
   */
  activationFailed: [kind: DeviceKind, version: number, error: Error];
}

// Built-in kinds first, then by name: the order of GET /api/kinds.
const listed = (a: StoredProfile, b: StoredProfile) => Number(b.builtIn) - Number(a.builtIn) || a.kind.localeCompare(b.kind);

/**
 * Device profiles (kinds as data), every version kept in a database. The built-in profiles are
 * version 1 of their kinds; an engineer's `PUT` adds a version that takes effect at once, for
 * ingest, alarms and the dashboard, once the store has made room for it. With PostgreSQL shared by
 * several nodes, a version put on another node takes effect here as it reaches the change feed.
 */
export class ProfileCatalogue extends EventEmitter<ProfileCatalogueEvents> implements KindLookup {
  readonly #current = new Map<DeviceKind, { spec: DeviceKindSpec; stored: StoredProfile }>();
  #activate: ProfileActivation = async () => {};
  /** One version going live at a time, whether put here or followed from another node. */
  readonly #writes = new SerialWrites();
  readonly #keyed = new KeyedWrites();
  #following = false;

  private constructor(
    private readonly rows: ProfileRows,
    private readonly clock: Clock,
  ) {
    super();
  }

  static async open(instance: DuckDBInstance, clock: Clock): Promise<ProfileCatalogue> {
    return ProfileCatalogue.over(await DuckDbProfileRows.open(instance), clock);
  }

  /** The profiles in `rows`; `changes` tells of versions other nodes put in force. */
  static async over(rows: ProfileRows, clock: Clock, changes?: ChangeFeed): Promise<ProfileCatalogue> {
    await rows.seed(builtInProfiles, clock.now());
    const catalogue = new ProfileCatalogue(rows, clock);
    await followTable(
      changes,
      'device_profiles',
      async () => {
        for (const stored of (await rows.inForce()).sort(listed)) await catalogue.#follow(stored);
      },
      async (kind) => {
        const read = await catalogue.#keyed.read(kind, () => rows.newest(kind));
        if (read?.row !== undefined) await catalogue.#follow(read.row);
      },
    );
    catalogue.#following = true;
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

  versions(kind: DeviceKind): Promise<StoredProfile[]> {
    return this.rows.versions(kind);
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
        // Another node starting with this release upgraded it first: nothing is left to do.
        if (error instanceof IngestError && error.code === 'KENDALI_ERR_PROFILE_CHANGED' && JSON.stringify(this.#current.get(kind)?.stored.profile) === JSON.stringify(shipped)) continue;
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
      if (!(await this.#keyed.write(kind, () => this.rows.insert(stored)))) {
        await this.#takeNewest(kind);
        throw new IngestError(
          'KENDALI_ERR_PROFILE_CHANGED',
          `version ${stored.version} of kind "${kind}" was put in force by another node first; read the kind again (GET /api/kinds/${kind}) and put your change on top of it`,
        );
      }
      this.#current.set(kind, { spec, stored });
      this.emit('changed', spec, stored);
      return stored;
    });
  }

  /** Waits for the writes under way, then closes the connection. */
  async close(): Promise<void> {
    await this.#writes.settled();
    await this.rows.close();
  }

  /** Reads the kind's newest version, put in force by another node, and follows it. */
  async #takeNewest(kind: DeviceKind): Promise<void> {
    const newest = await this.rows.newest(kind);
    if (newest !== undefined) await this.#adopt(newest);
  }

  #follow(stored: StoredProfile): Promise<void> {
    return this.#writes.run(() => this.#adopt(stored));
  }

  /**
   * A version newer than the one in force here, put in force by another node (or read at start):
   * the store makes room for it, as for a version put here, then it is in force.
   */
  async #adopt(stored: StoredProfile): Promise<void> {
    const previous = this.#current.get(stored.kind);
    if (previous !== undefined && previous.stored.version >= stored.version) return;
    const spec = compileProfile(stored.kind, stored.profile, stored.version);
    if (this.#following) {
      await this.#activate(spec, previous?.spec).catch((error: unknown) => {
        this.emit('activationFailed', stored.kind, stored.version, error instanceof Error ? error : new Error(String(error)));
      });
    }
    this.#current.set(stored.kind, { spec, stored });
    if (this.#following) this.emit('changed', spec, stored);
  }
}
