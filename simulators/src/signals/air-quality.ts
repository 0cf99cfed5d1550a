import { gaussian, uniform } from '../prng';
import { clamp, roundTo } from './bounds';
import { deviceTraits, slowWave } from './device-traits';
import type { Sampler } from './sampler';
import { trafficDemand } from './traffic';
import { cityRainfallMmPerHour, rainIntensity } from './weather';
import { dailyBump, dailyCosine, cityHourOfDay } from './city-clock';

/**
 * Lowland Tangerang air: PM2.5 mostly 15-80 µg/m³, following the traffic (highest in the rush
 * hours) and the night-time inversion, lowest when the afternoon mixes the air and when rain
 * washes it out; 24-35 °C and 60-95 %RH, cooler and damper in the rain.
 */
export const sampleAirQuality: Sampler = (device, { atMs, seed }, random) => {
  const traits = deviceTraits(device.id);
  const pm25BaseUgM3 = uniform(traits, 22, 36);
  const pm10PerPm25 = uniform(traits, 1.4, 1.8);
  const so2BaseUgM3 = uniform(traits, 8, 20);

  const hour = cityHourOfDay(atMs, device.timeZone);
  const traffic = trafficDemand(atMs, device.timeZone);
  const wet = rainIntensity(cityRainfallMmPerHour(seed, atMs, device.timeZone));
  const washout = 1 - 0.45 * wet;
  const particleShape = (0.55 + 0.7 * traffic + 0.4 * dailyBump(hour, 22, 3) - 0.25 * dailyBump(hour, 14, 3)) * washout;
  const pm25 = clamp(pm25BaseUgM3 * particleShape * (1 + 0.25 * slowWave(device.id, 'pm', atMs)) + 2 * gaussian(random), 3, 400);
  const warmth = dailyCosine(hour, 14);

  return {
    pm25: roundTo(pm25, 1),
    pm10: roundTo(clamp(pm25 * pm10PerPm25 + 3 * gaussian(random), pm25, 800), 1),
    // Ozone is photochemical: it follows the midday sun, and clouds cut it.
    o3: roundTo(clamp(15 + 90 * dailyBump(hour, 13, 2.5) * (1 - 0.5 * wet) * (1 + 0.2 * slowWave(device.id, 'o3', atMs)) + 3 * gaussian(random), 1, 400), 1),
    no2: roundTo(clamp(12 + 45 * traffic + 10 * dailyBump(hour, 21, 3) + 3 * gaussian(random), 1, 400), 1),
    so2: roundTo(clamp(so2BaseUgM3 + 4 * slowWave(device.id, 'so2', atMs) + gaussian(random), 1, 200), 1),
    co: Math.round(clamp(500 + 1800 * traffic + 300 * slowWave(device.id, 'co', atMs) + 50 * gaussian(random), 100, 10_000)),
    temperatureC: roundTo(29.5 + 4.5 * warmth - 3.5 * wet + 0.8 * slowWave(device.id, 'temperature', atMs) + 0.2 * gaussian(random), 1),
    humidityPct: roundTo(clamp(78 - 15 * warmth + 14 * wet + 3 * slowWave(device.id, 'humidity', atMs) + gaussian(random), 40, 100), 1),
    // Twice-daily atmospheric tide around 1010 hPa.
    pressureHpa: roundTo(1010 + 1.5 * Math.cos((4 * Math.PI * (hour - 10)) / 24) + 2 * slowWave(device.id, 'pressure', atMs) + 0.1 * gaussian(random), 1),
  };
};
