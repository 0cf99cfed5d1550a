import { builtInKinds, KindSet, type DeviceKind, type DeviceKindSpec, type KindLookup } from '@kendali/contracts';

/** What prepares for a new profile version before it goes live: a telemetry store. */
interface PreparesKinds {
  prepareKind(next: DeviceKindSpec, previous: DeviceKindSpec | undefined): Promise<void>;
}

/**
 * The kinds as the profile catalogue hands them to a store, without its database: the built-in
 * kinds, and a new version goes live once the store prepared for it (`put`), not at all when the
 * store refuses it.
 */
export class ChangingKinds implements KindLookup {
  #kinds: KindSet = builtInKinds;

  spec(kind: DeviceKind): DeviceKindSpec | undefined {
    return this.#kinds.spec(kind);
  }

  all(): readonly DeviceKindSpec[] {
    return this.#kinds.all();
  }

  async put(store: PreparesKinds, next: DeviceKindSpec): Promise<void> {
    await store.prepareKind(next, this.spec(next.kind));
    this.#kinds = new KindSet([...this.all().filter((spec) => spec.kind !== next.kind), next]);
  }
}
