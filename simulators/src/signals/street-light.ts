import { gaussian, pick, uniform } from '../prng';
import { roundTo } from './bounds';
import { deviceTraits } from './device-traits';
import type { Sampler } from './sampler';
import { wibHourOfDay } from './wib-clock';

// Photocells switch at dusk (~18:00 WIB) and dawn (~05:45 WIB), each lamp a few minutes apart.
const switchOnHour = 18;
const switchOffHour = 5.75;
const photocellSpreadHours = 0.15;
// Midnight dimming saves energy while the streets are empty.
const dimFromHour = 23;
const dimUntilHour = 4.5;
const dimmedLevel = 0.6;
const lampRatingsW = [60, 90, 120, 150, 250] as const;
const controllerStandbyW = 1.5;
const faultyShare = 0.02;

/** An LED street light (PJU) on a dusk-to-dawn schedule; about one lamp in fifty reports a fault. */
export const sampleStreetLight: Sampler<'street-light'> = (device, { atMs }, random) => {
  const traits = deviceTraits(device.id);
  const ratedPowerW = pick(traits, lampRatingsW);
  const lampFault = traits() < faultyShare;
  const onHour = switchOnHour + uniform(traits, -photocellSpreadHours, photocellSpreadHours);
  const offHour = switchOffHour + uniform(traits, -photocellSpreadHours, photocellSpreadHours);

  const hour = wibHourOfDay(atMs);
  const lampOn = hour >= onHour || hour < offHour;
  const dimmed = hour >= dimFromHour || hour < dimUntilHour;
  const dimmingLevel = lampOn ? (dimmed ? dimmedLevel : 1) : 0;
  const lampPowerW = lampOn && !lampFault ? ratedPowerW * dimmingLevel * (1 + 0.02 * gaussian(random)) : 0;

  return {
    lampOn,
    dimmingLevel,
    powerW: roundTo(Math.max(0, lampPowerW + controllerStandbyW + 0.1 * gaussian(random)), 1),
    lampFault,
  };
};
