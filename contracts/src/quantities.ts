import type { DeviceKindSpec, FieldType } from './field-spec';
import { ispuPollutants, type IspuPollutant } from './ispu';

/**
 * What a field measures, in the sense Kendali's domain code understands: the ISPU pollutants
 * (PermenLHK P.14/2020, µg/m³), a water level read against Siaga levels, and what the wall's
 * traffic, Wi-Fi and street-light figures add up. A profile names the quantity of a field, so code
 * finds "the water level" of any kind without knowing the kind or the field's name.
 */
export interface QuantityInfo {
  /** Field types that can carry it. */
  readonly types: readonly FieldType[];
  readonly description: string;
}

const numeric: readonly FieldType[] = ['number', 'integer'];
const flag: readonly FieldType[] = ['boolean'];

const pollutantInfo = Object.fromEntries(ispuPollutants.map((pollutant) => [pollutant, { types: numeric, description: `ISPU pollutant ${pollutant}, µg/m³` }])) as Record<
  IspuPollutant,
  QuantityInfo
>;

export const quantityInfo = {
  ...pollutantInfo,
  'water-level-cm': { types: numeric, description: 'water level above the gauge zero, cm, read against Siaga levels' },
  'vehicle-count': { types: numeric, description: 'vehicles counted in the counting interval' },
  'count-interval-s': { types: numeric, description: 'length of the counting interval, s (60 s when absent)' },
  'speed-kmh': { types: numeric, description: 'average traffic speed, km/h' },
  congestion: { types: flag, description: 'congestion detected' },
  'connected-clients': { types: numeric, description: 'clients connected to a public Wi-Fi access point' },
  'lamp-on': { types: flag, description: 'a street lamp switched on' },
} as const satisfies Readonly<Record<string, QuantityInfo>>;

export type Quantity = keyof typeof quantityInfo;
export const quantities = Object.freeze(Object.keys(quantityInfo)) as readonly Quantity[];

export const isQuantity = (name: string): name is Quantity => Object.hasOwn(quantityInfo, name);

/**
 * What a kind is about: the wall scene or city pillar its devices belong to. Optional in a profile;
 * a kind without one takes the theme of the first quantity its fields measure (`themeOfQuantity`).
 */
export const themes = ['environment', 'flood', 'mobility', 'wifi', 'lighting'] as const;
export type Theme = (typeof themes)[number];

export const isTheme = (name: string): name is Theme => (themes as readonly string[]).includes(name);

/** The theme a quantity speaks of, for kinds that declare none. */
export function themeOfQuantity(quantity: Quantity): Theme {
  if ((ispuPollutants as readonly string[]).includes(quantity)) return 'environment';
  switch (quantity) {
    case 'water-level-cm':
      return 'flood';
    case 'connected-clients':
      return 'wifi';
    case 'lamp-on':
      return 'lighting';
    default:
      return 'mobility';
  }
}

// Specs are immutable (a new profile version is a new spec): each is indexed once, as alarm rules ask per reading.
const fieldsByQuantity = new WeakMap<DeviceKindSpec, ReadonlyMap<Quantity, string>>();

/** The field of a kind that measures `quantity`, or undefined when none does (or no kind is known). */
export function fieldOfQuantity(spec: DeviceKindSpec | undefined, quantity: Quantity): string | undefined {
  if (spec === undefined) return undefined;
  let index = fieldsByQuantity.get(spec);
  if (index === undefined) {
    const found = new Map<Quantity, string>();
    for (const [name, field] of Object.entries(spec.fields)) if (field.quantity !== undefined && !found.has(field.quantity)) found.set(field.quantity, name);
    fieldsByQuantity.set(spec, (index = found));
  }
  return index.get(quantity);
}

/** True when a kind has a field of `quantity`. */
export const measures = (spec: DeviceKindSpec | undefined, quantity: Quantity): boolean => fieldOfQuantity(spec, quantity) !== undefined;

export interface PollutantField {
  readonly pollutant: IspuPollutant;
  readonly field: string;
}

const pollutantsOf = new WeakMap<DeviceKindSpec, readonly PollutantField[]>();

/** The ISPU pollutants a kind measures, each with its field, in the order of `ispuPollutants`. */
export function pollutantFields(spec: DeviceKindSpec | undefined): readonly PollutantField[] {
  if (spec === undefined) return [];
  let found = pollutantsOf.get(spec);
  if (found === undefined) {
    found = ispuPollutants.flatMap((pollutant) => {
      const field = fieldOfQuantity(spec, pollutant);
      return field === undefined ? [] : [{ pollutant, field }];
    });
    pollutantsOf.set(spec, found);
  }
  return found;
}

/** True when a field's quantity is an ISPU pollutant. */
export const isIspuQuantity = (quantity: string | undefined): quantity is IspuPollutant => quantity !== undefined && (ispuPollutants as readonly string[]).includes(quantity);
