import { builtInKinds, type KindLookup } from './device-kinds';
import type { DeviceKindSpec } from './field-spec';
import { isStale } from './freshness';
import type { IspuPollutant, IspuResult } from './ispu';
import { ispuPollutants, overallIspu } from './ispu';
import type { Reading } from './messages/reading';
import { fieldOfQuantity, pollutantFields } from './quantities';
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

/** Where each figure's values sit in a kind's readings: found once per kind from its fields' quantities. */
interface KindReader {
  /** Each pollutant measured: its place in `ispuPollutants` and its field. */
  readonly pollutants: readonly { readonly index: number; readonly field: string }[];
  readonly waterLevel: string | undefined;
  readonly vehicleCount: string | undefined;
  readonly countIntervalS: string | undefined;
  readonly speedKmh: string | undefined;
  readonly congestion: string | undefined;
  readonly clients: string | undefined;
}

const readers = new WeakMap<DeviceKindSpec, KindReader>();

function readerOf(spec: DeviceKindSpec): KindReader {
  let reader = readers.get(spec);
  if (reader === undefined) {
    reader = {
      pollutants: pollutantFields(spec).map(({ pollutant, field }) => ({ index: ispuPollutants.indexOf(pollutant), field })),
      waterLevel: fieldOfQuantity(spec, 'water-level-cm'),
      vehicleCount: fieldOfQuantity(spec, 'vehicle-count'),
      countIntervalS: fieldOfQuantity(spec, 'count-interval-s'),
      speedKmh: fieldOfQuantity(spec, 'speed-kmh'),
      congestion: fieldOfQuantity(spec, 'congestion'),
      clients: fieldOfQuantity(spec, 'connected-clients'),
    };
    readers.set(spec, reader);
  }
  return reader;
}

const valueOf = (fields: Reading['fields'], name: string | undefined): unknown => (name === undefined ? undefined : fields[name]);

/**
 * Every kind counts by what its fields measure (their quantities), not by its name: a new air
 * sensor with a `pm25` field joins the ISPU, a new river gauge with a `water-level-cm` field the posts.
 */
export function areaFigures(readings: Iterable<Reading>, thresholdsOf: ThresholdsOf, now: number, kinds: KindLookup = builtInKinds): AreaFigures {
  // Plain arrays, not Maps: this loop runs over every device of the city on the server (ingest's trend).
  const pollutantMeans = ispuPollutants.map(() => new Mean());
  const speed = new Mean();
  let highestPost: HighestPost | null = null;
  let vehiclesPerMinute: number | null = null;
  let wifiClients: number | null = null;
  let congestedJunctions = 0;
  let newestTs: number | null = null;

  for (const reading of readings) {
    const spec = kinds.spec(reading.kind);
    if (spec === undefined || isStale(spec, reading.ts, now)) continue;
    const reader = readerOf(spec);
    const f = reading.fields;
    let used = false;
    for (const { index, field } of reader.pollutants) {
      pollutantMeans[index]!.add(num(f[field]));
      used = true;
    }
    if (reader.waterLevel !== undefined) {
      used = true;
      const level = num(f[reader.waterLevel]);
      if (level !== null) {
        const post = postLevel(level, thresholdsOf(reading.deviceId) ?? defaultSiagaThresholds);
        if (moreAlarming(post, highestPost)) highestPost = { ...post, deviceId: reading.deviceId };
      }
    }
    if (reader.vehicleCount !== undefined || reader.speedKmh !== undefined || reader.congestion !== undefined) {
      used = true;
      const count = num(valueOf(f, reader.vehicleCount));
      const intervalS = num(valueOf(f, reader.countIntervalS)) ?? 60;
      if (count !== null && intervalS > 0) vehiclesPerMinute = (vehiclesPerMinute ?? 0) + (count * 60) / intervalS;
      speed.add(num(valueOf(f, reader.speedKmh)));
      if (valueOf(f, reader.congestion) === true) congestedJunctions += 1;
    }
    if (reader.clients !== undefined) {
      used = true;
      const clients = num(f[reader.clients]);
      if (clients !== null) wifiClients = (wifiClients ?? 0) + clients;
    }
    if (used) newestTs = Math.max(newestTs ?? reading.ts, reading.ts);
  }

  const concentrations: Partial<Record<IspuPollutant, number>> = {};
  ispuPollutants.forEach((pollutant, index) => {
    const mean = pollutantMeans[index]!.value;
    if (mean !== null) concentrations[pollutant] = mean;
  });
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
