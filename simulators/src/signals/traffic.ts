import { gaussian, uniform } from '../prng';
import { clamp, roundTo } from './bounds';
import { deviceTraits, slowWave } from './device-traits';
import type { Sampler } from './sampler';
import { cityRainfallMmPerHour, rainIntensity } from './weather';
import { dailyBump, isCityWeekend, cityHourOfDay } from './city-clock';

const countingIntervalS = 60;

/**
 * Demand on the city's roads in [0, ~1.05]: quiet nights, a busy day, rush hours 06-09 and 16-19
 * on the city's clock on weekdays; at weekends a late start and a long afternoon-evening of outings instead.
 * Air quality follows it too (exhaust is most of Tangerang's PM2.5 and NO2).
 */
export function trafficDemand(atMs: number, timeZone: string): number {
  const hour = cityHourOfDay(atMs, timeZone);
  if (isCityWeekend(atMs, timeZone)) return clamp(0.06 + 0.3 * dailyBump(hour, 11, 3) + 0.5 * dailyBump(hour, 17, 3.5), 0.02, 1.05);
  return clamp(0.08 + 0.45 * dailyBump(hour, 13, 4.5) + 0.5 * (dailyBump(hour, 7.5, 1.2) + dailyBump(hour, 17.5, 1.3)), 0.02, 1.05);
}

/** A signalised junction (ATCS): vehicles counted per minute, detector occupancy, speed; rain slows everything. */
export const sampleTraffic: Sampler = (device, { atMs, seed }, random) => {
  const traits = deviceTraits(device.id);
  const capacityVehiclesPerMin = uniform(traits, 60, 180);
  const freeFlowSpeedKmh = uniform(traits, 40, 60);

  const wet = rainIntensity(cityRainfallMmPerHour(seed, atMs, device.timeZone));
  // Rain keeps some trips at home but slows and bunches the rest.
  const demand = trafficDemand(atMs, device.timeZone) * (1 - 0.15 * wet);
  const vehicleCount = Math.max(
    0,
    Math.round(capacityVehiclesPerMin * demand * (1 + 0.1 * slowWave(device.id, 'volume', atMs)) * (1 + 0.08 * gaussian(random))),
  );
  const occupancy = clamp(0.03 + 0.75 * demand * demand * (1 + 0.3 * wet) + 0.02 * gaussian(random), 0, 0.98);
  const avgSpeedKmh = clamp(freeFlowSpeedKmh * (1 - 0.8 * occupancy) * (1 - 0.2 * wet) + 1.5 * gaussian(random), 3, 120);

  return {
    vehicleCount,
    intervalS: countingIntervalS,
    occupancy: roundTo(occupancy, 3),
    avgSpeedKmh: roundTo(avgSpeedKmh, 1),
    congested: occupancy > 0.55 || avgSpeedKmh < 15,
  };
};
