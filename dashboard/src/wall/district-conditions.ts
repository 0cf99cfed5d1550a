import type { Alarm, AreaFigures, DeviceKind, KindLookup, Reading, Theme, ThresholdsOf } from '@kendali/contracts';
import { areaFigures, builtInKinds, severityRank } from '@kendali/contracts';
import { districtKey } from '../map/city-model';
import type { StatusLook } from '../status/status-look';
import { calmLook, ispuLook, severityLook, siagaLook } from '../status/status-look';
import { isShelved } from '../telemetry/live-alarms';
import type { SceneId } from './wall-params';

/** What a district's shading says, with the words for it (colour is never alone). */
export interface DistrictCondition {
  readonly look: StatusLook;
  /** Legend entry this condition belongs to (e.g. `ispu:sedang`, `siaga:3`, `severity:critical`). */
  readonly legendKey: string;
  /** 0 calm … 4 worst: the order of "worst districts" lists. */
  readonly rank: number;
}

export const noDataLook: StatusLook = { colour: '#2a3550', ink: '#a9b6cc', shape: 'ring' };
const noData: DistrictCondition = { look: noDataLook, legendKey: 'none', rank: -1 };

/** Traffic by mean speed (km/h): lancar, ramai, padat, macet (the congestion rule's 10 km/h). */
export const speedBands = [
  { minKmh: 30, key: 'speed:free', look: { colour: '#16a34a', ink: '#ffffff', shape: 'circle' } },
  { minKmh: 20, key: 'speed:busy', look: { colour: '#facc15', ink: '#111111', shape: 'triangle' } },
  { minKmh: 10, key: 'speed:heavy', look: { colour: '#f97316', ink: '#111111', shape: 'diamond' } },
  { minKmh: 0, key: 'speed:jammed', look: { colour: '#dc2626', ink: '#ffffff', shape: 'cross' } },
] as const satisfies readonly { minKmh: number; key: string; look: StatusLook }[];

/** Public Wi-Fi users per district: quiet, in use, busy (not a fault: shades of one hue). */
export const wifiBands = [
  { minClients: 150, key: 'wifi:busy', look: { colour: '#38bdf8', ink: '#111111', shape: 'diamond' } },
  { minClients: 50, key: 'wifi:used', look: { colour: '#0e7490', ink: '#ffffff', shape: 'square' } },
  { minClients: 0, key: 'wifi:quiet', look: { colour: '#164e63', ink: '#ffffff', shape: 'circle' } },
] as const satisfies readonly { minClients: number; key: string; look: StatusLook }[];

/** Themes each scene is about: their kinds' devices are counted per district (all of them on the overview). */
const sceneThemes: Readonly<Record<SceneId, readonly Theme[] | null>> = {
  overview: null,
  environment: ['environment'],
  flood: ['flood'],
  mobility: ['mobility', 'lighting'],
  wifi: ['wifi'],
};

/** The kinds a scene is about, by their profiles' themes; null on the overview, which is about every kind. */
export function sceneKinds(scene: SceneId, kinds: KindLookup): readonly DeviceKind[] | null {
  const themes = sceneThemes[scene];
  if (themes === null) return null;
  return kinds
    .all()
    .filter((spec) => spec.theme !== null && themes.includes(spec.theme))
    .map((spec) => spec.kind);
}

export function conditionOf(scene: SceneId, figures: AreaFigures, alarms: readonly Alarm[]): DistrictCondition {
  switch (scene) {
    case 'overview': {
      const worst = alarms.reduce<Alarm | null>((w, a) => (w === null || severityRank[a.severity] < severityRank[w.severity] ? a : w), null);
      if (worst === null) return { look: calmLook, legendKey: 'calm', rank: 0 };
      return { look: severityLook(worst.severity), legendKey: `severity:${worst.severity}`, rank: 4 - severityRank[worst.severity] };
    }
    case 'environment':
      if (figures.ispu === null) return noData;
      return { look: ispuLook(figures.ispu.category), legendKey: `ispu:${figures.ispu.category}`, rank: figures.ispu.index };
    case 'flood':
      if (figures.highestPost === null) return noData;
      return { look: siagaLook(figures.highestPost.siaga), legendKey: `siaga:${figures.highestPost.siaga}`, rank: 4 - figures.highestPost.siaga };
    case 'mobility': {
      const speed = figures.speedMeanKmh;
      if (speed === null) return noData;
      const band = speedBands.find((b) => speed >= b.minKmh) ?? speedBands[3];
      return { look: band.look, legendKey: band.key, rank: 100 - speed };
    }
    case 'wifi': {
      const clients = figures.wifiClients;
      if (clients === null) return noData;
      const band = wifiBands.find((b) => clients >= b.minClients) ?? wifiBands[2];
      return { look: band.look, legendKey: band.key, rank: clients };
    }
  }
}

export interface DistrictStatus {
  readonly id: string;
  readonly name: string;
  readonly figures: AreaFigures;
  readonly alarms: readonly Alarm[];
}

/** Readings or alarms by district key; one grouping serves every city the wall draws. */
export type ByDistrict<T> = ReadonlyMap<string, readonly T[]>;

/** The newest readings by district key (readings name a district by name or by id). */
export function readingsByDistrict(latest: Iterable<Reading>): ByDistrict<Reading> {
  const readings = new Map<string, Reading[]>();
  for (const reading of latest) {
    const key = districtKey(reading.district);
    const group = readings.get(key);
    if (group) group.push(reading);
    else readings.set(key, [reading]);
  }
  return readings;
}

/** Open alarms of a district that are not shelved at `now`, by district key. */
export function openAlarmsByDistrict(alarms: Iterable<Alarm>, now: number): ByDistrict<Alarm> {
  const open = new Map<string, Alarm[]>();
  for (const alarm of alarms) {
    if (alarm.district === null || isShelved(alarm, now)) continue;
    const key = districtKey(alarm.district);
    const group = open.get(key);
    if (group) group.push(alarm);
    else open.set(key, [alarm]);
  }
  return open;
}

/** A district the wall draws, as the map frame names it. */
export interface NamedDistrict {
  readonly id: string;
  readonly name: string;
}

/** Figures and open, unshelved alarms of every district, from readings and alarms grouped by district. */
export function statusesOf(
  districts: readonly NamedDistrict[],
  readings: ByDistrict<Reading>,
  open: ByDistrict<Alarm>,
  thresholdsOf: ThresholdsOf,
  now: number,
  kinds: KindLookup = builtInKinds,
): DistrictStatus[] {
  return districts.map((d) => ({
    id: d.id,
    name: d.name,
    figures: areaFigures(readings.get(d.id) ?? [], thresholdsOf, now, kinds),
    alarms: open.get(d.id) ?? [],
  }));
}

/** Figures and open, unshelved alarms of every district, from the newest readings. */
export function districtStatuses(
  districts: readonly NamedDistrict[],
  latest: Iterable<Reading>,
  alarms: Iterable<Alarm>,
  thresholdsOf: ThresholdsOf,
  now: number,
  kinds: KindLookup = builtInKinds,
): DistrictStatus[] {
  return statusesOf(districts, readingsByDistrict(latest), openAlarmsByDistrict(alarms, now), thresholdsOf, now, kinds);
}
