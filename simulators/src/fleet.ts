import { kotaTangerang } from '@kendali/contracts';
import type { City, DeviceKind, DeviceMetadataValue, District, WaterGate } from '@kendali/contracts';
import { derivedRandom, hashString, uniform } from './prng';
import type { Random } from './prng';
import { sitesOf } from './sites/named-site';
import type { CitySites } from './sites/named-site';

/** One simulated device: what the registry needs to know about it. */
export interface SimulatedDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly name: string;
  /** District name as in the contracts' places, e.g. 'Karawaci'. */
  readonly district: string;
  readonly lat: number;
  readonly lon: number;
  /** Facts for the registry: `gate` and `river` of a water-level post, `park` of an AP, `junction` of a counter. */
  readonly metadata?: Readonly<Record<string, DeviceMetadataValue>>;
  /** YYYY-MM-DD, drawn from the id. */
  readonly installDate?: string;
}

/** A device of a simulated fleet: it also knows its city's clock, which shapes its readings. */
export interface FleetDevice extends SimulatedDevice {
  /** IANA zone of the device's city: its day (rush hours, dusk, rain) keeps that clock. */
  readonly timeZone: string;
  /** The water gate or post a water-level device stands at, from its city's data. */
  readonly gate?: WaterGate;
}

export interface FleetOptions {
  readonly devices: number;
  /** Seed for positions; the same seed gives the same fleet. Default 1. */
  readonly seed?: number;
  /** Default Kota Tangerang. */
  readonly city?: City;
  /** Several cities (a regional room): the fleet is spread over them by their number of districts. Wins over `city`. */
  readonly cities?: readonly City[];
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
  { kind: 'wifi-ap', idPrefix: 'ap', namePrefix: 'RW-NET', share: 0.2 },
  { kind: 'air-quality', idPrefix: 'aq', namePrefix: 'AQ', share: 0.15 },
  { kind: 'water-level', idPrefix: 'wl', namePrefix: 'Water Level', share: 0.1 },
];

const districtJitterM = 1_000;
const siteJitterM = 60; // several devices of one park or gate stand apart
const accessPointsPerPark = 3;
const metresPerDegreeLat = 111_320;
const dayMs = 86_400_000;
const firstInstallMs = Date.UTC(2019, 0, 1);
const installSpanDays = 7 * 365;

/** Where one device stands and what it is called, before its position is jittered. */
interface Placement {
  readonly id: string;
  readonly name: string;
  readonly district: District;
  readonly anchor: { readonly lat: number; readonly lon: number };
  readonly jitterM: number;
  readonly metadata?: Readonly<Record<string, DeviceMetadataValue>>;
  readonly gate?: WaterGate;
}

/**
 * Builds a fleet of `devices` devices in the city's districts: water-level devices at the city's
 * gates and posts first (then more sensors at the same gates), Wi-Fi access points in the named
 * parks (then RW-NET units in the districts), traffic counters at the named junctions (then more in
 * the districts), air-quality stations and street lights spread over the districts. Ids, kinds,
 * names, districts and metadata depend only on the count and the city (so a registry stays valid
 * across runs); positions depend on the seed too.
 */
export function buildFleet(options: FleetOptions): FleetDevice[] {
  const { devices, seed = 1 } = options;
  if (!Number.isInteger(devices) || devices < 0) throw new RangeError(`devices must be a whole number ≥ 0, got ${devices}`);
  const cities = options.cities ?? [options.city ?? kotaTangerang];
  if (cities.length === 0) throw new RangeError('a fleet needs at least one city');
  const shares = largestRemainder(devices, cities.map((city) => city.districts.length));
  return cities.flatMap((city, index) => buildCityFleet(shares[index] ?? 0, seed, city));
}

/** `total` split in proportion to `weights` (largest remainder), summing to `total`. */
function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (sum === 0 ? 0 : (total * weight) / sum));
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (const { index } of exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder)) {
    if (left-- <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

function buildCityFleet(devices: number, seed: number, city: City): FleetDevice[] {
  if (city.districts.length === 0) throw new RangeError(`city ${city.id} has no districts`);

  const sites = sitesOf(city);
  const counts = kindCounts(devices);
  const fleet: FleetDevice[] = [];
  const numberInDistrict = new Map<string, number>();
  const inDistrict = (plan: KindPlan): Placement => {
    // Consecutive devices go to consecutive districts, so every kind is spread over the city.
    const district = city.districts[fleet.length % city.districts.length] as District;
    const key = `${plan.idPrefix}-${district.id}`;
    const number = (numberInDistrict.get(key) ?? 0) + 1;
    numberInDistrict.set(key, number);
    return { id: `${key}-${String(number).padStart(3, '0')}`, name: `${plan.namePrefix} ${district.name} ${number}`, district, anchor: district, jitterM: districtJitterM };
  };
  kindPlans.forEach((plan, planIndex) => {
    for (let ordinal = 0; ordinal < (counts[planIndex] ?? 0); ordinal++) {
      const placement = namedPlacement(plan.kind, ordinal, sites, city) ?? inDistrict(plan);
      const random = derivedRandom(seed, placement.id);
      fleet.push({
        id: placement.id,
        kind: plan.kind,
        name: placement.name,
        district: placement.district.name,
        ...jitteredPosition(placement.anchor, placement.jitterM, random),
        ...(placement.metadata ? { metadata: placement.metadata } : {}),
        installDate: installDate(placement.id),
        timeZone: city.zone.timeZone,
        ...(placement.gate ? { gate: placement.gate } : {}),
      });
    }
  });
  return fleet;
}

/** A device at a named site (gate, park, junction), or undefined when the kind's sites are used up. */
function namedPlacement(kind: DeviceKind, ordinal: number, sites: CitySites, city: City): Placement | undefined {
  const districtOf = (name: string): District => city.districts.find((district) => district.name === name) ?? (city.districts[0] as District);
  if (kind === 'water-level' && sites.waterGates.length > 0) {
    const gate = sites.waterGates[ordinal % sites.waterGates.length];
    if (!gate) return undefined;
    const sensor = Math.floor(ordinal / sites.waterGates.length) + 1;
    return {
      id: sensor === 1 ? `wl-${gate.id}` : `wl-${gate.id}-${sensor}`,
      name: sensor === 1 ? gate.name : `${gate.name} (sensor ${sensor})`,
      district: districtOf(gate.district),
      anchor: gate,
      jitterM: sensor === 1 ? 0 : siteJitterM,
      metadata: { gate: gate.id, river: gate.river },
      gate,
    };
  }
  if (kind === 'wifi-ap' && ordinal < sites.parks.length * accessPointsPerPark) {
    const park = sites.parks[ordinal % sites.parks.length];
    if (!park) return undefined;
    const unit = Math.floor(ordinal / sites.parks.length) + 1;
    return {
      id: `ap-${park.id}-${unit}`,
      name: unit === 1 ? `Wi-Fi ${park.name}` : `Wi-Fi ${park.name} ${unit}`,
      district: districtOf(park.district),
      anchor: park,
      jitterM: siteJitterM,
      metadata: { park: park.name },
    };
  }
  const junction = kind === 'traffic' ? sites.junctions[ordinal] : undefined;
  if (junction) {
    return { id: `tr-${junction.id}`, name: junction.name, district: districtOf(junction.district), anchor: junction, jitterM: 0, metadata: { junction: junction.name } };
  }
  return undefined;
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

/** A point uniformly inside a disc of `radiusM` around the anchor, to 6 decimals (~0.1 m). */
function jitteredPosition(anchor: { lat: number; lon: number }, radiusM: number, random: Random): { lat: number; lon: number } {
  const distanceM = radiusM * Math.sqrt(random());
  const bearingRad = uniform(random, 0, 2 * Math.PI);
  const dLat = (distanceM * Math.cos(bearingRad)) / metresPerDegreeLat;
  const dLon = (distanceM * Math.sin(bearingRad)) / (metresPerDegreeLat * Math.cos((anchor.lat * Math.PI) / 180));
  return { lat: round6(anchor.lat + dLat), lon: round6(anchor.lon + dLon) };
}

function installDate(deviceId: string): string {
  const day = hashString(`installed:${deviceId}`) % installSpanDays;
  return new Date(firstInstallMs + day * dayMs).toISOString().slice(0, 10);
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
