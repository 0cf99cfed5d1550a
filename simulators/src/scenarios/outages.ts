import type { City } from '@kendali/contracts';
import type { SimulatedDevice } from '../fleet';
import { derivedRandom, hashString, uniform } from '../prng';

/** A device without power (or network) from one drill moment to another: it goes silent, the broker publishes its last will. */
export interface PowerCut {
  readonly fromDrillMs: number;
  readonly untilDrillMs: number;
  readonly cause: 'ap-outage' | 'district-blackout';
}

const minuteMs = 60_000;
const apOutageStartMs = 15_000;
const apOutageStaggerMs = 5_000; // APs on one feeder fail within seconds of each other
const apOutageShare = 0.25;
const blackoutStartMs = 20_000;
const blackoutSpreadMs = 300; // a breaker trips everything at once
const outageMs = 5 * minuteMs;
const bootSpreadMs = 15_000; // devices boot at their own pace when power returns

/** A quarter of the Wi-Fi access points (at least one), park units first, each out for 5 minutes from ~15 s. */
export function planApOutage(fleet: readonly SimulatedDevice[], seed: number): Map<string, PowerCut> {
  const aps = fleet.filter((device) => device.kind === 'wifi-ap');
  const ranked = [...aps].sort((a, b) => rank(a, seed) - rank(b, seed));
  const chosen = ranked.slice(0, Math.max(aps.length > 0 ? 1 : 0, Math.round(aps.length * apOutageShare)));
  return new Map(
    chosen.map((device) => {
      const random = derivedRandom(seed, `ap-outage:${device.id}`);
      const fromDrillMs = apOutageStartMs + uniform(random, 0, apOutageStaggerMs);
      return [device.id, { fromDrillMs, untilDrillMs: fromDrillMs + outageMs + uniform(random, 0, bootSpreadMs), cause: 'ap-outage' }];
    }),
  );
}

/** The district the blackout hits: `preferred` if given, else one picked from the seed among districts with devices. */
export function blackoutDistrict(fleet: readonly SimulatedDevice[], city: City, seed: number, preferred?: string): string | undefined {
  if (preferred !== undefined) return preferred;
  const withDevices = city.districts.filter((district) => fleet.some((device) => device.district === district.name));
  return [...withDevices].sort((a, b) => hashString(`blackout:${seed}:${a.id}`) - hashString(`blackout:${seed}:${b.id}`))[0]?.name;
}

/** Every device of the district loses power at ~20 s and gets it back 5 minutes later, booting over 15 s. */
export function planDistrictBlackout(fleet: readonly SimulatedDevice[], district: string | undefined, seed: number): Map<string, PowerCut> {
  const cuts = new Map<string, PowerCut>();
  for (const device of fleet) {
    if (device.district !== district) continue;
    const random = derivedRandom(seed, `blackout:${device.id}`);
    const fromDrillMs = blackoutStartMs + uniform(random, 0, blackoutSpreadMs);
    cuts.set(device.id, { fromDrillMs, untilDrillMs: blackoutStartMs + outageMs + uniform(random, 0, bootSpreadMs), cause: 'district-blackout' });
  }
  return cuts;
}

function rank(device: SimulatedDevice, seed: number): number {
  // Park APs before RW-NET units: the wall shows the parks.
  return (device.metadata?.park === undefined ? 2 ** 32 : 0) + hashString(`ap-outage:${seed}:${device.id}`);
}
