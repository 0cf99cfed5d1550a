import airQuality from '../profiles/air-quality.json' with { type: 'json' };
import streetLight from '../profiles/street-light.json' with { type: 'json' };
import traffic from '../profiles/traffic.json' with { type: 'json' };
import waterLevel from '../profiles/water-level.json' with { type: 'json' };
import wifiAp from '../profiles/wifi-ap.json' with { type: 'json' };
import type { DeviceKindSpec } from './field-spec';
import { compileProfile } from './profiles/compile-profile';
import type { DeviceProfile } from './profiles/profile-schema';

/** A kind id (`air-quality`, `noise-level`, …): kinds are data, so any id a profile defines. */
export type DeviceKind = string;

/**
 * The kinds a platform knows right now. Ingest's profile catalogue implements it (kinds change
 * while running); `builtInKinds` is the fixed set the repository ships.
 */
export interface KindLookup {
  /** The kind's current profile, compiled; undefined for a kind nobody defined. */
  spec(kind: DeviceKind): DeviceKindSpec | undefined;
  /** Every kind, built-in ones first, in a stable order. */
  all(): readonly DeviceKindSpec[];
}

/**
 * The profiles the repository ships (`contracts/profiles/<kind>.json`), version 1 of each kind. The
 * files are checked against `DeviceProfileSchema` by a test, like any profile an engineer sends.
 */
export const builtInProfiles: Readonly<Record<DeviceKind, DeviceProfile>> = Object.freeze({
  'air-quality': airQuality as DeviceProfile,
  'water-level': waterLevel as DeviceProfile,
  traffic: traffic as DeviceProfile,
  'street-light': streetLight as DeviceProfile,
  'wifi-ap': wifiAp as DeviceProfile,
});

/** A fixed set of kinds (the built-in ones, or what a client read from `GET /api/kinds`). */
export class KindSet implements KindLookup {
  readonly #specs: ReadonlyMap<DeviceKind, DeviceKindSpec>;

  constructor(specs: Iterable<DeviceKindSpec>) {
    this.#specs = new Map([...specs].map((spec) => [spec.kind, spec]));
  }

  spec(kind: DeviceKind): DeviceKindSpec | undefined {
    return this.#specs.get(kind);
  }

  all(): readonly DeviceKindSpec[] {
    return [...this.#specs.values()];
  }
}

export const builtInKinds: KindSet = new KindSet(Object.entries(builtInProfiles).map(([kind, profile]) => compileProfile(kind, profile, 1)));

/** The kind's spec, or an error naming the kinds there are (for code paths that were handed a checked kind). */
export function requireKind(kinds: KindLookup, kind: DeviceKind): DeviceKindSpec {
  const spec = kinds.spec(kind);
  if (spec === undefined) throw new Error(`unknown device kind "${kind}" (known: ${kinds.all().map((known) => known.kind).join(', ')})`);
  return spec;
}

/** The field names a kind defines, in declaration order (also the column order of stores). */
export function fieldNames(spec: DeviceKindSpec): string[] {
  return Object.keys(spec.fields);
}

/** The ids of the built-in kinds, in the order the repository lists them. */
export const builtInKindNames: readonly DeviceKind[] = Object.freeze(Object.keys(builtInProfiles));
