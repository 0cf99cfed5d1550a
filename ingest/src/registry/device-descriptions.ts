import type { Device, DeviceInput, KindLookup } from '@kendali/contracts';
import type { DistrictNames } from './district-names';
import { RegistryError } from './registry-error';

/**
 * What a device's description may say: a district of the room's cities and a kind a profile
 * defines. Turns what a caller sends into the device to store, over what was stored before.
 */
export class DeviceDescriptions {
  constructor(
    /** Where a device may stand: the districts of the room's cities. */
    readonly districts: DistrictNames,
    /** Which kinds a device may be of: those a profile defines. */
    private readonly kinds: KindLookup,
  ) {}

  /** `input` over `existing` (fields `input` leaves undefined keep their value), stamped `now` if new. */
  describe(id: string, input: DeviceInput, existing: Device | undefined, now: string): Device {
    return {
      id,
      kind: this.#kind(input.kind),
      name: input.name,
      district: this.#district(input.district, existing),
      lat: input.lat === undefined ? (existing?.lat ?? null) : input.lat,
      lon: input.lon === undefined ? (existing?.lon ?? null) : input.lon,
      enabled: input.enabled ?? existing?.enabled ?? true,
      installDate: input.installDate === undefined ? (existing?.installDate ?? null) : input.installDate,
      metadata: input.metadata ?? existing?.metadata ?? {},
      createdAt: existing?.createdAt ?? now,
      credentialSetAt: existing?.credentialSetAt ?? null,
    };
  }

  /** The district's canonical name; a device keeps a district it already has even if no configured city holds it any more. */
  #district(name: string, existing: Device | undefined): string {
    if (existing !== undefined && name === existing.district) return name;
    const canonical = this.districts.canonical(name);
    if (canonical === undefined) throw new RegistryError('KENDALI_ERR_DISTRICT_UNKNOWN', this.districts.unknownMessage(name));
    return canonical;
  }

  #kind(kind: string): string {
    if (this.kinds.spec(kind) === undefined) {
      throw new RegistryError('KENDALI_ERR_KIND_UNKNOWN', `no device profile defines kind "${kind}" (known: ${this.kinds.all().map((spec) => spec.kind).join(', ')}); PUT /api/kinds/${kind} creates one`);
    }
    return kind;
  }
}
