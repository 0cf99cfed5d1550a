import { ageMs } from '@kendali/contracts';
import type { AlarmCounts, IspuResult, SiagaLevel } from '@kendali/contracts';
import type { LiveState } from '../telemetry/live-state';
import type { LinkState } from '../telemetry/telemetry-source';

/** Frames arrive several times a second; figures older than this are no longer "now". */
const statsStaleAfterMs = 10_000; // 10 seconds

interface WaterKpi {
  readonly levelCm: number;
  readonly siaga: SiagaLevel;
}

/** The six figures of the wall, from the live state; null where nothing current is known. */
export interface WallKpis {
  readonly devicesOnline: number | null;
  readonly devicesTotal: number | null;
  readonly readingsPerSecond: number | null;
  readonly alarms: AlarmCounts | null;
  readonly ispu: IspuResult | null;
  readonly water: WaterKpi | null;
  readonly wifiClients: number | null;
  /** Not "now": the link is down or frames stopped coming. */
  readonly stale: boolean;
  /** Age of the last frame, ms, when one came. */
  readonly ageMs: number | null;
}

export function wallKpis(live: LiveState, link: LinkState, now: number): WallKpis {
  const { stats, city } = live;
  const frameAge = live.lastFrameAt === null ? null : ageMs(live.lastFrameAt, now);
  let online: number | null = stats?.devicesOnline ?? null;
  let total: number | null = stats?.devicesTotal ?? null;
  if (stats === null && live.devices.size > 0) {
    // Counted from the device list until the first frame arrives.
    online = [...live.conditions.values()].filter((c) => c.state === 'online').length;
    total = live.devices.size;
  }
  const post = city?.highestPost ?? null;
  return {
    devicesOnline: online,
    devicesTotal: total,
    readingsPerSecond: stats?.readingsPerSecond ?? null,
    alarms: stats?.alarms ?? null,
    ispu: city?.ispu ?? null,
    water: post === null ? null : { levelCm: post.levelCm, siaga: post.siaga },
    wifiClients: city?.wifiClients ?? null,
    stale: link !== 'live' || frameAge === null || frameAge > statsStaleAfterMs,
    ageMs: frameAge,
  };
}

/** Fixed decimals per magnitude, so a rate does not jitter between "9,5" and "9,50". */
export const rateDigits = (perSecond: number): number => (perSecond < 100 ? 1 : 0);

export function totalAlarms(counts: AlarmCounts): number {
  return counts.critical + counts.major + counts.minor + counts.warning;
}
