import type { AreaGeometry, City, District } from '@kendali/contracts';

/** A longitude and latitude, degrees (WGS 84). */
export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

/** A district of one of the room's cities, with its bounding box in degrees for quick rejections. */
export interface DistrictArea {
  readonly cityId: string;
  readonly district: District;
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** Every district of the room's cities, findable by the name or id devices and alarms give. */
export interface CityAreas {
  readonly areas: readonly DistrictArea[];
  /** Lower-case name and id: devices say "Karang Tengah", the geometry's id is `karang-tengah`. */
  readonly byKey: ReadonlyMap<string, DistrictArea>;
}

const rings = (area: AreaGeometry): readonly (readonly (readonly number[])[])[] => (area.type === 'Polygon' ? area.coordinates : area.coordinates.flat());

function boxOf(area: AreaGeometry): Pick<DistrictArea, 'west' | 'south' | 'east' | 'north'> {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const ring of rings(area)) {
    for (const [lon = 0, lat = 0] of ring) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return { west, south, east, north };
}

const keyOf = (nameOrId: string) => nameOrId.trim().toLowerCase();

export function cityAreas(cities: readonly City[]): CityAreas {
  const areas = cities.flatMap((city) => city.districts.map((district): DistrictArea => ({ cityId: city.id, district, ...boxOf(district.geometry) })));
  const byKey = new Map<string, DistrictArea>();
  // The room's own city comes first and wins a name two cities share.
  for (const area of areas) {
    for (const key of [keyOf(area.district.id), keyOf(area.district.name)]) if (!byKey.has(key)) byKey.set(key, area);
  }
  return { areas, byKey };
}

/** The district a device or alarm names, by name or id, or null when no city of the room has it. */
export function districtNamed(areas: CityAreas, nameOrId: string | null): DistrictArea | null {
  return nameOrId === null ? null : (areas.byKey.get(keyOf(nameOrId)) ?? null);
}

/**
 * Whether a district covers a point. Planar even-odd test over every ring, holes included: within
 * a city, degrees are as good as metres for "which side of the boundary" (RFC 7946 §3.1.6 winding
 * does not matter to it).
 */
export function covers(area: DistrictArea, at: LonLat): boolean {
  if (at.lon < area.west || at.lon > area.east || at.lat < area.south || at.lat > area.north) return false;
  let inside = false;
  for (const ring of rings(area.district.geometry)) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      if (yi > at.lat !== yj > at.lat && at.lon < ((xj - xi) * (at.lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** The district under a point, or null off the map. */
export function districtAt(areas: CityAreas, at: LonLat): DistrictArea | null {
  return areas.areas.find((area) => covers(area, at)) ?? null;
}
