import { gaussian, pick, uniform } from '../prng';
import { clamp, roundTo } from './bounds';
import { deviceTraits, slowWave } from './device-traits';
import type { Sampler } from './sampler';
import { cityRainfallMmPerHour, rainIntensity } from './weather';
import { dailyBump, isCityWeekend, cityHourOfDay } from './city-clock';

const channels = [1, 6, 11, 36, 40, 44, 48, 149, 153, 157, 161] as const;
const txPowersDbm = [17, 20, 23] as const;
const backhaulBps = 50e6; // park APs offer up to 50 Mbps
const dayS = 86_400;

/** A park access point: quiet at night, busy in the evening, busier at weekends, emptied by rain. */
export const sampleWifiAp: Sampler = (device, { atMs, seed }, random) => {
  const traits = deviceTraits(device.id);
  const peakClients = uniform(traits, 40, 150);
  const perClientBps = uniform(traits, 150e3, 400e3);
  const rebootPeriodS = Math.round(uniform(traits, 7, 45) * dayS);
  const bootPhaseS = uniform(traits, 0, rebootPeriodS);
  const channel = pick(traits, channels);
  const txPowerDbm = pick(traits, txPowersDbm);
  const noiseFloorDbm = uniform(traits, -96, -88);
  const memoryBasePct = uniform(traits, 35, 50);

  const hour = cityHourOfDay(atMs, device.timeZone);
  const weekend = isCityWeekend(atMs, device.timeZone);
  // Park visitors leave when it pours; RW-NET units indoors barely notice.
  const rainFactor = device.metadata?.park === undefined ? 1 : 1 - 0.6 * rainIntensity(cityRainfallMmPerHour(seed, atMs, device.timeZone));
  const demand = clamp(
    (0.05 + (weekend ? 0.35 : 0.2) * dailyBump(hour, 12, 3) + (weekend ? 0.95 : 0.75) * dailyBump(hour, 20, 2.5)) * rainFactor,
    0,
    1.2,
  );
  const clients = Math.max(0, Math.round(peakClients * demand * (1 + 0.15 * slowWave(device.id, 'clients', atMs)) + 2 * gaussian(random)));
  const txBps = clamp(clients * perClientBps * (1 + 0.3 * slowWave(device.id, 'throughput', atMs)) * (1 + 0.1 * gaussian(random)), 0, backhaulBps);

  return {
    clients,
    txBps: Math.round(txBps),
    rxBps: Math.round(txBps * uniform(random, 0.12, 0.2)),
    uptimeS: Math.floor((atMs / 1000 + bootPhaseS) % rebootPeriodS),
    channel,
    channelUtilizationPct: roundTo(clamp(8 + 70 * demand + 3 * gaussian(random), 0, 100), 1),
    noiseDbm: roundTo(clamp(noiseFloorDbm + gaussian(random), -130, 0), 1),
    txPowerDbm,
    cpuLoadPct: roundTo(clamp(4 + 45 * demand + 3 * gaussian(random), 0, 100), 1),
    memoryUsedPct: roundTo(clamp(memoryBasePct + 10 * demand + 0.5 * gaussian(random), 0, 100), 1),
  };
};
