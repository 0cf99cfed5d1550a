import { gaussian, uniform } from '../prng';
import { clamp, roundTo } from './bounds';
import { deviceTraits, slowWave } from './device-traits';
import { gateOfDevice, levelAtStageCm, riverLagMs } from './river';
import type { Sampler } from './sampler';
import { cityRainfallMmPerHour, riverRiseFraction } from './weather';
import { dailyBump, cityHourOfDay } from './city-clock';

/**
 * A river or gate post: its gate's normal level, wandering a little, lifted by rain over the basin
 * with a lag that grows down the river (upstream posts rise first). An ultrasonic sensor reports
 * level = mount height − distance; rainfall is the city's, with local variation.
 */
export const sampleWaterLevel: Sampler = (device, { atMs, seed }, random) => {
  const gate = gateOfDevice(device);
  const traits = deviceTraits(device.id);
  const mountHeightCm = gate.siaga1Cm + uniform(traits, 150, 300);
  const localRainFactor = uniform(traits, 0.7, 1.3);
  const gaugeOffsetCm = uniform(traits, -4, 4); // two sensors at one gate never agree exactly

  const rise = riverRiseFraction(seed, atMs, riverLagMs(gate), device.timeZone);
  const stage = 0.08 * slowWave(gate.id, 'level', atMs) + rise;
  const waterLevelCm = levelAtStageCm(gate, stage) + gaugeOffsetCm + 1.2 * gaussian(random);
  const rain = cityRainfallMmPerHour(seed, atMs, device.timeZone) * localRainFactor;
  const rainfallMmPerHour = rain > 0.2 ? clamp(rain * (1 + 0.1 * gaussian(random)), 0, 250) : 0;
  const hour = cityHourOfDay(atMs, device.timeZone);

  return {
    waterLevelCm: roundTo(waterLevelCm, 1),
    sensorDistanceCm: roundTo(clamp(mountHeightCm - waterLevelCm + 0.5 * gaussian(random), 0, 3000), 1),
    rainfallMmPerHour: roundTo(rainfallMmPerHour, 1),
    // A solar-charged 12 V battery: charging around midday.
    batteryV: roundTo(12.2 + 1.4 * dailyBump(hour, 12.5, 3) + 0.05 * gaussian(random), 2),
  };
};
