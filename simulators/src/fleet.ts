import { kotaTangerang } from '@kendali/contracts';
import type { City, DeviceKind, District } from '@kendali/contracts';
import { cycledName, placeNamesFor } from './place-names';
import { derivedRandom, uniform } from './prng';

/** One simulated device: what the registry needs to know about it. */
export interface SimulatedDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly name: string;
  /** District name as in the contracts' places, e.g. 'Karawaci'. */
  readonly district: string;
  readonly lat: number;
  readonly lon: number;
}

export interface FleetOptions {
  readonly devices: number;
  /** Seed for positions; the same seed gives the same fleet. Default 1. */
  readonly seed?: number;
  /** Default Kota Tangerang. */
  readonly city?: City;
}

interface KindPlan {
  readonly kind: DeviceKind;
  readonly idPrefix: string;
  readonly namePrefix: string;
  /** Share of the fleet, roughly what a city deploys. */
  readonly share: number;
}

const kindPlans: readonly KindPlan[] = [
  { kind: 'street-light', idPrefix: 'sl', namePrefix: 'Street Light', share: 0.35 },
  { kind: 'traffic', idPrefix: 'tr', namePrefix: 'Traffic', share: 0.2 },
  { kind: 'wifi-ap', idPrefix: 'ap', namePrefix: 'Wi-Fi', share: 0.2 },
  { kind: 'air-quality', idPrefix: 'aq', namePrefix: 'AQ', share: 0.15 },
  { kind: 'water-level', idPrefix: 'wl', namePrefix: 'Water Level', share: 0.1 },
];

const jitterRadiusM = 1_000;
const metresPerDegreeLat = 111_320;

/**
 * Builds a fleet of `devices` devices spread over the city's districts. Ids, kinds, names and
 * districts depend only on the count (so a registry stays valid across runs); positions depend on
 * the seed too.
 */
export function buildFleet(options: FleetOptions): SimulatedDevice[] {
  const { devices, seed = 1, city = kotaTangerang } = options;
  if (!Number.isInteger(devices) || devices < 0) throw new RangeError(`devices must be a whole number ≥ 0, got ${devices}`);
  if (city.districts.length === 0) throw new RangeError(`city ${city.id} has no districts`);

  const placeNames = placeNamesFor(city.id);
  const counts = kindCounts(devices);
  const fleet: SimulatedDevice[] = [];
  const numberInDistrict = new Map<string, number>();
  kindPlans.forEach((plan, planIndex) => {
    for (let ordinal = 0; ordinal < (counts[planIndex] ?? 0); ordinal++) {
      // Consecutive devices go to consecutive districts, so every kind is spread over the city.
      const district = city.districts[fleet.length % city.districts.length] as District;
      const key = `${plan.idPrefix}-${district.id}`;
      const number = (numberInDistrict.get(key) ?? 0) + 1;
      numberInDistrict.set(key, number);
      const id = `${key}-${String(number).padStart(3, '0')}`;
      fleet.push({
        id,
        kind: plan.kind,
        name: deviceName(plan, district, number, ordinal, placeNames?.waterLevelPosts, placeNames?.wifiParks),
        district: district.name,
        ...jitteredPosition(district, derivedRandom(seed, id)),
      });
    }
  });
  return fleet;
}

/** Devices per kind (in kindPlans order): largest remainder on the shares, at least one each from five devices up. */
function kindCounts(devices: number): number[] {
  const exact = kindPlans.map((plan) => devices * plan.share);
  const counts = exact.map(Math.floor);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder);
  let left = devices - counts.reduce((sum, count) => sum + count, 0);
  for (const { index } of byRemainder) {
    if (left-- <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  if (devices >= kindPlans.length) {
    counts.forEach((count, index) => {
      if (count > 0) return;
      const largest = counts.indexOf(Math.max(...counts));
      counts[largest] = (counts[largest] ?? 0) - 1;
      counts[index] = 1;
    });
  }
  return counts;
}

function deviceName(
  plan: KindPlan,
  district: District,
  number: number,
  ordinal: number,
  waterLevelPosts: readonly string[] | undefined,
  wifiParks: readonly string[] | undefined,
): string {
  const named =
    plan.kind === 'water-level' && waterLevelPosts
      ? cycledName(waterLevelPosts, ordinal)
      : plan.kind === 'wifi-ap' && wifiParks
        ? cycledName(wifiParks, ordinal)
        : undefined;
  if (named !== undefined) return plan.kind === 'wifi-ap' ? `Wi-Fi ${named}` : named;
  return `${plan.namePrefix} ${district.name} ${number}`;
}

/** A point uniformly inside a disc of jitterRadiusM around the district centre, to 6 decimals (~0.1 m). */
function jitteredPosition(district: District, random: () => number): { lat: number; lon: number } {
  const distanceM = jitterRadiusM * Math.sqrt(random());
  const bearingRad = uniform(random, 0, 2 * Math.PI);
  const dLat = (distanceM * Math.cos(bearingRad)) / metresPerDegreeLat;
  const dLon = (distanceM * Math.sin(bearingRad)) / (metresPerDegreeLat * Math.cos((district.lat * Math.PI) / 180));
  return { lat: round6(district.lat + dLat), lon: round6(district.lon + dLon) };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
