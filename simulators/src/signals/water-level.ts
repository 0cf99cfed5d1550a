import { gaussian, uniform } from '../prng';
import { clamp, roundTo } from './bounds';
import { deviceTraits, slowWave } from './device-traits';
import type { Sampler } from './sampler';
import { dailyBump, wibHourOfDay } from './wib-clock';

/**
 * A river or gate post in normal conditions (Siaga 4): ~150-250 cm, rising a little with the
 * afternoon convective showers. An ultrasonic sensor reports level = mount height − distance.
 */
export const sampleWaterLevel: Sampler<'water-level'> = (device, atMs, random) => {
  const traits = deviceTraits(device.id);
  const mountHeightCm = uniform(traits, 500, 700);
  const normalLevelCm = uniform(traits, 165, 205);

  const hour = wibHourOfDay(atMs);
  // Rain comes in spells (the slow wave above its 0.4 mark), mostly in the afternoon and evening.
  const spell = Math.max(0, slowWave(device.id, 'rain', atMs) - 0.4) / 0.6;
  const rainfallMmPerHour = spell > 0 ? clamp(40 * spell * (0.3 + 0.7 * dailyBump(hour, 16, 3)) + gaussian(random), 0, 120) : 0;
  const waterLevelCm = normalLevelCm + 20 * slowWave(device.id, 'level', atMs) + 30 * spell + 1.5 * gaussian(random);

  return {
    waterLevelCm: roundTo(waterLevelCm, 1),
    sensorDistanceCm: roundTo(clamp(mountHeightCm - waterLevelCm + 0.5 * gaussian(random), 0, 3000), 1),
    rainfallMmPerHour: roundTo(rainfallMmPerHour, 1),
    // A solar-charged 12 V battery: charging around midday.
    batteryV: roundTo(12.2 + 1.4 * dailyBump(hour, 12.5, 3) + 0.05 * gaussian(random), 2),
  };
};
