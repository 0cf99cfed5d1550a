import { gaussian, pick, uniform } from '../prng';
import { roundTo } from './bounds';
import { deviceTraits } from './device-traits';
import type { Sampler } from './sampler';
import { sunDayAt } from '@kendali/contracts';
import { cityHourOfDay } from './city-clock';
import { defaultDimmingSchedule, scheduledLevel } from './dimming-schedule';

// Photocells switch round sunset and sunrise, each lamp a few minutes apart (well inside the
// alarm rule's default 20-minute margin, so a healthy lamp raises nothing).
const photocellSpreadMs = 9 * 60_000;
// Sunrise moves by under 30 s across 0.1° (~11 km): one sun per tenth of a degree serves a whole district.
const sunGridDeg = 0.1;
const lampRatingsW = [60, 90, 120, 150, 250] as const;
const controllerStandbyW = 1.5;
const faultyShare = 0.02;

/** An LED street light (PJU) switched by its photocell at dusk and dawn; about one lamp in fifty reports a fault. */
export const sampleStreetLight: Sampler = (device, { atMs }, random) => {
  const traits = deviceTraits(device.id);
  const ratedPowerW = pick(traits, lampRatingsW);
  const lampFault = traits() < faultyShare;
  const onAfterSunsetMs = uniform(traits, -photocellSpreadMs, photocellSpreadMs);
  const offAfterSunriseMs = uniform(traits, -photocellSpreadMs, photocellSpreadMs);

  const place = { lat: Math.round(device.lat / sunGridDeg) * sunGridDeg, lon: Math.round(device.lon / sunGridDeg) * sunGridDeg };
  const { sunriseMs, sunsetMs, alwaysUp } = sunDayAt(atMs, place, device.timeZone);
  const lampOn = sunriseMs === null || sunsetMs === null ? !alwaysUp : atMs >= sunsetMs + onAfterSunsetMs || atMs < sunriseMs + offAfterSunriseMs;
  // Its controller's own schedule; one set by Kendali is applied on top (device-settings.ts).
  const dimmingLevel = lampOn ? scheduledLevel(defaultDimmingSchedule, cityHourOfDay(atMs, device.timeZone)) : 0;
  const lampPowerW = lampOn && !lampFault ? ratedPowerW * dimmingLevel * (1 + 0.02 * gaussian(random)) : 0;

  return {
    lampOn,
    dimmingLevel,
    powerW: roundTo(Math.max(0, lampPowerW + controllerStandbyW + 0.1 * gaussian(random)), 1),
    lampFault,
  };
};
