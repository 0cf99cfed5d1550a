import type { District, Reading } from '@kendali/contracts';
import type { Ispu } from '../air-quality/ispu';
import { ispuFromPm25 } from '../air-quality/ispu';
import type { FieldAggregate } from '../telemetry/field-aggregate';
import { aggregateField } from '../telemetry/field-aggregate';

export interface DistrictAirQuality {
  readonly district: District;
  /** Mean of the district's air-quality stations' latest PM2.5, µg/m³. */
  readonly pm25: FieldAggregate;
  readonly ispu: Ispu | null;
}

export interface DistrictWaterLevel {
  readonly district: District;
  /** Highest latest water level of the district's posts, cm: the one that floods first matters. */
  readonly waterLevelCm: FieldAggregate;
}

/** Readings name their district by name ("Karang Tengah") or id ("karang-tengah"); both match. */
export function districtKey(nameOrId: string): string {
  return nameOrId.trim().toLowerCase().replaceAll(' ', '-');
}

function readingsByDistrict(latest: Iterable<Reading>): Map<string, Reading[]> {
  const groups = new Map<string, Reading[]>();
  for (const reading of latest) {
    const key = districtKey(reading.district);
    const group = groups.get(key);
    if (group) group.push(reading);
    else groups.set(key, [reading]);
  }
  return groups;
}

export function airQualityByDistrict(
  districts: readonly District[],
  latest: Iterable<Reading>,
  now: number,
): DistrictAirQuality[] {
  const groups = readingsByDistrict(latest);
  return districts.map((district) => {
    const pm25 = aggregateField(groups.get(district.id) ?? [], 'air-quality', 'pm25', 'mean', now);
    return { district, pm25, ispu: pm25.value === null ? null : ispuFromPm25(pm25.value) };
  });
}

export function waterLevelByDistrict(
  districts: readonly District[],
  latest: Iterable<Reading>,
  now: number,
): DistrictWaterLevel[] {
  const groups = readingsByDistrict(latest);
  return districts.map((district) => ({
    district,
    waterLevelCm: aggregateField(groups.get(district.id) ?? [], 'water-level', 'waterLevelCm', 'max', now),
  }));
}
