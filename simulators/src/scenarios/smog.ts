import type { City, FieldValue } from '@kendali/contracts';
import type { SimulatedDevice } from '../fleet';
import { hashString, mulberry32, uniform } from '../prng';
import { roundTo } from '../signals/bounds';
import { keyframeValue } from './keyframes';
import type { Keyframes } from './keyframes';

/** PM2.5 (µg/m³) of one smog-covered district at the drill's height, by district name. */
export type SmogPlan = ReadonlyMap<string, number>;

/**
 * How far PM2.5 has gone from its usual value towards the district's smog level, in drill time:
 * past the Tidak Sehat line (55.4 µg/m³, ISPU 100) within 25 s, the full level after 2 minutes,
 * held for 20 minutes, cleared after half an hour.
 */
const smogRamp: Keyframes = [
  [0, 0],
  [5_000, 0],
  [25_000, 0.6],
  [120_000, 1],
  [1_200_000, 1],
  [1_800_000, 0],
];

const worstDistricts = 2;
const hazyDistricts = 3;

/**
 * Picks the smog districts from the seed: the worst two at 190-240 µg/m³ (Sangat Tidak Sehat:
 * above 150.4), three more at 90-130 µg/m³ (Tidak Sehat: 55.4-150.4); the rest stay clear.
 */
export function planSmog(city: City, seed: number): SmogPlan {
  const random = mulberry32(hashString(`smog:${seed}:${city.id}`));
  const ranked = [...city.districts].sort((a, b) => hashString(`smog:${seed}:${a.id}`) - hashString(`smog:${seed}:${b.id}`));
  const plan = new Map<string, number>();
  ranked.slice(0, worstDistricts).forEach((district) => plan.set(district.name, roundTo(uniform(random, 190, 240), 1)));
  ranked.slice(worstDistricts, worstDistricts + hazyDistricts).forEach((district) => plan.set(district.name, roundTo(uniform(random, 90, 130), 1)));
  return plan;
}

/** An air-quality reading under smog: PM2.5 moved towards its district's level; PM10, CO and NO2 along with it. */
export function applySmog(device: SimulatedDevice, fields: Record<string, FieldValue>, drillMs: number, plan: SmogPlan): Record<string, FieldValue> {
  const smogPm25 = plan.get(device.district);
  if (device.kind !== 'air-quality' || smogPm25 === undefined) return fields;
  const { pm25, pm10, co, no2 } = fields;
  if (typeof pm25 !== 'number' || typeof pm10 !== 'number' || typeof co !== 'number' || typeof no2 !== 'number') return fields;
  const ramp = keyframeValue(smogRamp, drillMs);
  if (ramp <= 0) return fields;
  const hazyPm25 = Math.max(pm25, pm25 + (smogPm25 - pm25) * ramp);
  const factor = hazyPm25 / Math.max(pm25, 1);
  return {
    ...fields,
    pm25: roundTo(hazyPm25, 1),
    pm10: roundTo(Math.min(2000, pm10 * factor), 1),
    co: Math.round(Math.min(60_000, co * (1 + 0.6 * ramp))),
    no2: roundTo(Math.min(4000, no2 * (1 + 0.4 * ramp)), 1),
  };
}
