import type { CityAreas, LonLat } from './city-areas';
import { covers, districtAt, districtNamed } from './city-areas';

/** What placing a device needs to know about it. */
export interface PlaceableDevice {
  readonly id: string;
  readonly district: string;
  readonly lat: number | null;
  readonly lon: number | null;
}

/** A stable number in [0, 1) from a device id (FNV-1a, 32 bit): the same device lands on the same spot. */
function unitHash(text: string, salt: number): number {
  let hash = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000;
}

const spotAttempts = 16; // even a thin district catches one of 16 spots in its bounding box

/**
 * Where a device is drawn: where it was registered when that is on the map, else a spot inside its
 * district picked from its id (the same spot on every screen and every reload), else nowhere (a
 * device of a district no city of the room has).
 */
export function placeDevice(areas: CityAreas, device: PlaceableDevice): LonLat | null {
  if (device.lat !== null && device.lon !== null) {
    const registered = { lon: device.lon, lat: device.lat };
    if (districtAt(areas, registered) !== null) return registered;
  }
  const area = districtNamed(areas, device.district);
  if (area === null) return null;
  for (let attempt = 0; attempt < spotAttempts; attempt += 1) {
    const spot = {
      lon: area.west + unitHash(device.id, 2 * attempt) * (area.east - area.west),
      lat: area.south + unitHash(device.id, 2 * attempt + 1) * (area.north - area.south),
    };
    if (covers(area, spot)) return spot;
  }
  return { lon: area.district.lon, lat: area.district.lat }; // the district's own inner point
}
