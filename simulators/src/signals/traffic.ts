import { gaussian, uniform } from '../prng';
import { clamp, roundTo } from './bounds';
import { deviceTraits, slowWave } from './device-traits';
import type { Sampler } from './sampler';
import { dailyBump, isWibWeekend, wibHourOfDay } from './wib-clock';

const countingIntervalS = 60;

/** A signalised junction (ATCS): quiet nights, a busy day, rush hours 06-09 and 16-19 WIB on weekdays. */
export const sampleTraffic: Sampler<'traffic'> = (device, atMs, random) => {
  const traits = deviceTraits(device.id);
  const capacityVehiclesPerMin = uniform(traits, 60, 180);
  const freeFlowSpeedKmh = uniform(traits, 40, 60);

  const hour = wibHourOfDay(atMs);
  const rushWeight = isWibWeekend(atMs) ? 0.2 : 0.5;
  const demand = clamp(
    0.08 + 0.45 * dailyBump(hour, 13, 4.5) + rushWeight * (dailyBump(hour, 7.5, 1.2) + dailyBump(hour, 17.5, 1.3)),
    0.02,
    1.05,
  );
  const vehicleCount = Math.max(
    0,
    Math.round(capacityVehiclesPerMin * demand * (1 + 0.1 * slowWave(device.id, 'volume', atMs)) * (1 + 0.08 * gaussian(random))),
  );
  const occupancy = clamp(0.03 + 0.75 * demand * demand + 0.02 * gaussian(random), 0, 0.98);
  const avgSpeedKmh = clamp(freeFlowSpeedKmh * (1 - 0.8 * occupancy) + 1.5 * gaussian(random), 3, 120);

  return {
    vehicleCount,
    intervalS: countingIntervalS,
    occupancy: roundTo(occupancy, 3),
    avgSpeedKmh: roundTo(avgSpeedKmh, 1),
    congested: occupancy > 0.55 || avgSpeedKmh < 15,
  };
};
