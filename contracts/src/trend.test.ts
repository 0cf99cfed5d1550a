import { describe, expect, it } from 'vitest';
import { areaFigures } from './area-figures';
import type { LiveStats, TrendPoint } from './messages/live';
import { extendTrend, mergeTrend, trendMaxPoints, trendPoint, trendStepMs, trendWindowMs } from './trend';

const t0 = Date.UTC(2025, 10, 22, 3, 0, 0); // 10:00 WIB, on a bucket boundary

const stats: LiveStats = {
  devicesTotal: 1,
  devicesOnline: 1,
  readingsPerSecond: 10,
  messagesPerSecond: 12,
  rejectedTotal: 0,
  storedTotal: 100,
  alarms: { critical: 0, major: 0, minor: 0, warning: 0 },
  storage: { ok: true, detail: 'embedded store', backlogReadings: 0 },
};

const point = (at: number, pm25MeanUgm3: number | null = 20): TrendPoint => ({ ...trendPoint(at, areaFigures([], () => null, at), stats), pm25MeanUgm3 });
const times = (trend: readonly TrendPoint[]) => trend.map((p) => p.at);

describe('trend', () => {
  it('puts a point at the start of its 5 s bucket and replaces the bucket in progress', () => {
    let trend = extendTrend([], point(t0 + 1_200, 10));
    trend = extendTrend(trend, point(t0 + 4_900, 11));
    trend = extendTrend(trend, point(t0 + trendStepMs, 12));
    expect(times(trend)).toEqual([t0, t0 + trendStepMs]);
    expect(trend.map((p) => p.pm25MeanUgm3)).toEqual([11, 12]);
  });

  it('keeps 10 minutes: never more than the window’s steps plus the bucket in progress', () => {
    let trend: readonly TrendPoint[] = [];
    for (let i = 0; i < trendMaxPoints * 3; i++) trend = extendTrend(trend, point(t0 + i * trendStepMs));
    expect(trend).toHaveLength(trendMaxPoints);
    expect(trend.at(-1)!.at - trend[0]!.at).toBe(trendWindowMs);
  });

  describe('mergeTrend (a snapshot’s trend joining the client’s)', () => {
    const client = [point(t0, 1), point(t0 + trendStepMs, 1), point(t0 + 2 * trendStepMs, 1)];

    it('takes the server’s trend whole on a fresh page', () => {
      const server = [point(t0, 2), point(t0 + trendStepMs, 2)];
      expect(mergeTrend([], server)).toEqual(server);
    });

    it('prefers the server’s point for a bucket both have, and keeps the client’s other points', () => {
      const merged = mergeTrend(client, [point(t0 + trendStepMs, 2), point(t0 + 3 * trendStepMs, 2)]);
      expect(times(merged)).toEqual([t0, t0 + trendStepMs, t0 + 2 * trendStepMs, t0 + 3 * trendStepMs]);
      expect(merged.map((p) => p.pm25MeanUgm3)).toEqual([1, 2, 1, 2]);
    });

    it('keeps the client’s history when a restarted server has little or none', () => {
      expect(mergeTrend(client, [])).toBe(client);
      // The restarted server's clock is behind the client's newest point: nothing newer is lost.
      expect(times(mergeTrend(client, [point(t0 + trendStepMs, 2)]))).toEqual(times(client));
    });

    it('drops what fell out of the 10 minutes before the newest point', () => {
      const merged = mergeTrend(client, [point(t0 + trendWindowMs + trendStepMs, 2)]);
      expect(times(merged)).toEqual([t0 + trendStepMs, t0 + 2 * trendStepMs, t0 + trendWindowMs + trendStepMs]);
    });
  });
});
