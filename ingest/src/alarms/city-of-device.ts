import { districtIdOf, type City, type Device } from '@kendali/contracts';

/** Which city's sun and clock a device's rules use: its district's city, else the room's own (the first). */
export function cityOfDevice(cities: readonly City[]): (device: Device) => City {
  const [roomCity] = cities;
  if (roomCity === undefined) throw new RangeError("the alarm engine needs at least one city: the room's own");
  const byDistrict = new Map(cities.flatMap((city) => city.districts.map((district) => [district.id, city] as const)));
  return (device) => byDistrict.get(districtIdOf(device.district)) ?? roomCity;
}
