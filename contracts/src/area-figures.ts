import { builtInKinds, type KindLookup } from './device-kinds';
import { isStale } from './freshness';
import type { IspuPollutant, IspuResult } from './ispu';
import { ispuPollutants, overallIspu } from './ispu';
import type { Reading } from './messages/reading';
import type { PostLevel, SiagaThresholds } from './siaga-thresholds';
import { defaultSiagaThresholds, moreAlarming, postLevel } from './siaga-thresholds';

/** The water post of an area nearest to flooding. */
export interface HighestPost extends PostLevel {
  readonly deviceId: string;
}

/**
 * The figures of an area (the city, or one kecamatan) from the newest reading of each device.
 * Only current readings count; `newestTs` tells how old the freshest one is.
 */
export interface AreaFigures {
  /** Mean PM2.5 of current stations, µg/m³. */
  readonly pm25MeanUgm3: number | null;
  /** ISPU of the stations' mean concentrations (PermenLHK P.14/2020: the worst pollutant). */
  readonly ispu: IspuResult | null;
  readonly highestPost: HighestPost | null;
  /** Vehicles a minute summed over current junction counters. */
  readonly vehiclesPerMinute: number | null;
  readonly speedMeanKmh: number | null;
  readonly congestedJunctions: number;
  readonly wifiClients: number | null;
  /** Newest measurement time that contributed, ms epoch, or null when nothing is current. */
  readonly newestTs: number | null;
}

/** Looks up a post's Siaga levels (from the device list); unknown posts get the defaults. */
export type ThresholdsOf = (deviceId: string) => SiagaThresholds | null;

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

class Mean {
  sum = 0;
  count = 0;
  add(value: number | null): void {
    if (value === null) return;
    this.sum += value;
    this.count += 1;
  }
  get value(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }
}

export function areaFigures(readings: Iterable<Reading>, thresholdsOf: ThresholdsOf, now: number, kinds: KindLookup = builtInKinds): AreaFigures {
  // An array, not a Map: this loop runs over every device of the city on the server (ingest's trend).
  const pollutants = ispuPollutants.map((pollutant) => ({ pollutant, mean: new Mean() }));
  const speed = new Mean();
  let highestPost: HighestPost | null = null;
  let vehiclesPerMinute: number | null = null;
  let wifiClients: number | null = null;
  let congestedJunctions = 0;
  let newestTs: number | null = null;

  for (const reading of readings) {
    const spec = kinds.spec(reading.kind);
    if (spec === undefined || isStale(spec, reading.ts, now)) continue;
    const f = reading.fields;
    let used = true;
    if (reading.kind === 'air-quality') {
      for (const { pollutant, mean } of pollutants) mean.add(num(f[pollutant]));
    } else if (reading.kind === 'water-level') {
      const level = num(f['waterLevelCm']);
      if (level !== null) {
        const post = postLevel(level, thresholdsOf(reading.deviceId) ?? defaultSiagaThresholds);
        if (moreAlarming(post, highestPost)) highestPost = { ...post, deviceId: reading.deviceId };
      }
    } else if (reading.kind === 'traffic') {
      const count = num(f['vehicleCount']);
      const intervalS = num(f['intervalS']) ?? 60;
      if (count !== null && intervalS > 0) vehiclesPerMinute = (vehiclesPerMinute ?? 0) + (count * 60) / intervalS;
      speed.add(num(f['avgSpeedKmh']));
      if (f['congested'] === true) congestedJunctions += 1;
    } else if (reading.kind === 'wifi-ap') {
      const clients = num(f['clients']);
      if (clients !== null) wifiClients = (wifiClients ?? 0) + clients;
    } else {
      used = false;
    }
    if (used) newestTs = Math.max(newestTs ?? reading.ts, reading.ts);
  }

  const concentrations: Partial<Record<IspuPollutant, number>> = {};
  for (const { pollutant, mean } of pollutants) if (mean.value !== null) concentrations[pollutant] = mean.value;
  return {
    pm25MeanUgm3: concentrations.pm25 ?? null,
    ispu: overallIspu(concentrations) ?? null,
    highestPost,
    vehiclesPerMinute,
    speedMeanKmh: speed.value,
    congestedJunctions,
    wifiClients,
    newestTs,
  };
}
