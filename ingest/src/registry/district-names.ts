import { districtIdOf, type City } from '@kendali/contracts';

/**
 * The districts a device may be registered in: those of the room's cities. A district is named by
 * its name or its id, in any case (`karang tengah`, `karang-tengah`, `Karang Tengah`), and stored
 * by its name as the city's data spells it, so readings, alarms and maps agree on one spelling.
 */
export class DistrictNames {
  readonly #byId: ReadonlyMap<string, string>;
  readonly #where: string;

  constructor(cities: readonly City[]) {
    this.#byId = new Map(cities.flatMap((city) => city.districts.map((district) => [district.id, district.name] as const)));
    this.#where = cities.map((city) => city.name).join(', ');
  }

  /** The district's name as the city's data spells it, or undefined when no configured city has it. */
  canonical(name: string): string | undefined {
    return this.#byId.get(districtIdOf(name));
  }

  /** What to tell someone who named a district no configured city has. */
  unknownMessage(name: string): string {
    return `district "${name}" is not a district of ${this.#where}; choose one of ${[...this.#byId.values()].join(', ')}`;
  }
}
