import type { City, FieldValue } from '@kendali/contracts';
import type { FleetDevice } from '../fleet';
import { applyFlood, floodsFully } from './flood';
import { blackoutDistrict, planApOutage, planDistrictBlackout } from './outages';
import type { PowerCut } from './outages';
import type { ScenarioName } from './scenario-names';
import { planSensorFaults } from './sensor-faults';
import type { SensorFaultKind } from './sensor-faults';
import { applySmog, planSmog } from './smog';

/** What the drills do to one device. */
export interface DeviceScript {
  /** Readings as the drills change them (flood, smog), `drillMs` after the start. */
  shape(fields: Record<string, FieldValue>, drillMs: number): Record<string, FieldValue>;
  /** Times without power, in drill order. */
  readonly powerCuts: readonly PowerCut[];
  readonly fault: SensorFaultKind | undefined;
}

export interface ScenarioPlan {
  readonly scenarios: readonly ScenarioName[];
  scriptFor(device: FleetDevice): DeviceScript;
  /** One line per drill saying what it will do to this fleet, for the operator. */
  readonly briefing: readonly string[];
}

export interface ScenarioPlanOptions {
  readonly fleet: readonly FleetDevice[];
  /** The city the smog and blackout drills pick districts from. */
  readonly city: City;
  readonly seed: number;
  readonly scenarios: readonly ScenarioName[];
  /** District for `district-blackout`; default one picked from the seed. */
  readonly blackoutDistrict?: string;
}

const unchanged = (fields: Record<string, FieldValue>): Record<string, FieldValue> => fields;

/** Works out, from the seed, which devices each drill touches and how. Combinable: effects stack. */
export function planScenarios(options: ScenarioPlanOptions): ScenarioPlan {
  const { fleet, city, seed, scenarios } = options;
  const active = new Set(scenarios);
  const briefing: string[] = [];
  const smog = active.has('smog') ? planSmog(city, seed) : undefined;
  const apCuts = active.has('ap-outage') ? planApOutage(fleet, seed) : new Map<string, PowerCut>();
  const district = active.has('district-blackout') ? blackoutDistrict(fleet, city, seed, options.blackoutDistrict) : undefined;
  const blackoutCuts = planDistrictBlackout(fleet, district, seed);
  const faults = active.has('sensor-faults') ? planSensorFaults(fleet, seed) : new Map<string, SensorFaultKind>();

  if (active.has('flood')) {
    const posts = fleet.filter((device) => device.kind === 'water-level' && floodsFully(device));
    const rivers = [...new Set(posts.map((device) => device.gate?.river ?? 'their river'))].join(', ');
    briefing.push(`flood: ${posts.length} water-level sensor(s) on ${rivers || 'no river'} rise through Siaga 3 → 2 → 1, upstream first`);
  }
  if (smog) briefing.push(`smog: ${[...smog].map(([name, pm25]) => `${name} ${pm25} µg/m³`).join(', ')}`);
  if (active.has('ap-outage')) briefing.push(`ap-outage: ${apCuts.size} access point(s) lose power after ~15 s for 5 minutes`);
  if (active.has('district-blackout')) briefing.push(`district-blackout: ${district ?? 'no district'} (${blackoutCuts.size} devices) loses power after 20 s for 5 minutes`);
  if (faults.size > 0) {
    const byKind = new Map<SensorFaultKind, string[]>();
    for (const [id, kind] of faults) byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
    briefing.push(`sensor-faults: ${[...byKind].map(([kind, ids]) => `${kind} ${ids.slice(0, 3).join(' ')}${ids.length > 3 ? ' …' : ''}`).join('; ')}`);
  }

  return {
    scenarios: [...active],
    briefing,
    scriptFor(device) {
      const floods = active.has('flood') && device.kind === 'water-level';
      const smoggy = smog !== undefined && device.kind === 'air-quality' && smog.has(device.district);
      const shape =
        floods || smoggy
          ? (fields: Record<string, FieldValue>, drillMs: number) => {
              const flooded = floods ? applyFlood(device, fields, drillMs) : fields;
              return smog && smoggy ? applySmog(device, flooded, drillMs, smog) : flooded;
            }
          : unchanged;
      const powerCuts = mergeOverlapping([apCuts.get(device.id), blackoutCuts.get(device.id)].filter((cut): cut is PowerCut => cut !== undefined));
      return { shape, powerCuts, fault: faults.get(device.id) };
    },
  };
}

/** Cuts in time order, overlapping ones joined (an AP in a blacked-out district comes back when both are over). */
function mergeOverlapping(cuts: readonly PowerCut[]): PowerCut[] {
  const merged: PowerCut[] = [];
  for (const cut of [...cuts].sort((a, b) => a.fromDrillMs - b.fromDrillMs)) {
    const last = merged[merged.length - 1];
    if (last && cut.fromDrillMs <= last.untilDrillMs) merged[merged.length - 1] = { ...last, untilDrillMs: Math.max(last.untilDrillMs, cut.untilDrillMs) };
    else merged.push(cut);
  }
  return merged;
}
