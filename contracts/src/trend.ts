import type { AreaFigures } from './area-figures';
import type { LiveStats, TrendPoint } from './messages/live';

export const trendWindowMs = 10 * 60_000; // 10 minutes shown on the charts
export const trendStepMs = 5_000; // 5 s per point: 120 points, whatever the frame or reading rate
/** Most points a trend holds: the window's steps plus the bucket in progress. */
export const trendMaxPoints = trendWindowMs / trendStepMs + 1;

export function trendPoint(at: number, city: AreaFigures, stats: LiveStats): TrendPoint {
  return {
    at: Math.floor(at / trendStepMs) * trendStepMs,
    pm25MeanUgm3: city.pm25MeanUgm3,
    ispuIndex: city.ispu?.index ?? null,
    waterHighestCm: city.highestPost?.levelCm ?? null,
    vehiclesPerMinute: city.vehiclesPerMinute,
    speedMeanKmh: city.speedMeanKmh,
    wifiClients: city.wifiClients,
    readingsPerSecond: stats.readingsPerSecond,
    messagesPerSecond: stats.messagesPerSecond,
  };
}

/** Replaces the point of the same bucket or appends a new one, and drops what left the window. */
export function extendTrend(trend: readonly TrendPoint[], point: TrendPoint): readonly TrendPoint[] {
  const last = trend.at(-1);
  if (last !== undefined && last.at > point.at) return trend; // the server clock stepped back: wait
  const kept = last !== undefined && last.at === point.at ? trend.slice(0, -1) : trend.slice();
  kept.push(point);
  const oldest = point.at - trendWindowMs;
  const firstInside = kept.findIndex((p) => p.at >= oldest);
  return firstInside > 0 ? kept.slice(firstInside) : kept;
}

/**
 * Joins the trend a client built itself with the one a server sent in a snapshot frame. The server's
 * point wins where both have a bucket (it saw every reading, also while the client was away); the
 * client's points the server lacks stay (a restarted server knows only the minutes since it began).
 */
export function mergeTrend(client: readonly TrendPoint[], server: readonly TrendPoint[]): readonly TrendPoint[] {
  if (server.length === 0) return client;
  if (client.length === 0) return trimToWindow(server.slice().sort(byTime));
  const byBucket = new Map<number, TrendPoint>();
  for (const point of client) byBucket.set(point.at, point);
  for (const point of server) byBucket.set(point.at, point);
  return trimToWindow([...byBucket.values()].sort(byTime));
}

const byTime = (a: TrendPoint, b: TrendPoint) => a.at - b.at;

function trimToWindow(sorted: readonly TrendPoint[]): readonly TrendPoint[] {
  const newest = sorted.at(-1);
  if (newest === undefined) return sorted;
  const firstInside = sorted.findIndex((p) => p.at >= newest.at - trendWindowMs);
  return firstInside > 0 ? sorted.slice(firstInside) : sorted;
}
