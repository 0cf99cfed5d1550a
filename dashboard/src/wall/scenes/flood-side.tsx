import { ageMs, builtInKinds, defaultSiagaThresholds, isStale, requireKind, moreAlarming, postLevel } from '@kendali/contracts';
import type { PostLevel } from '@kendali/contracts';
import { useI18n } from '../../i18n/i18n-context';
import { SiagaBadge } from '../../status/status-badges';
import { siagaLook } from '../../status/status-look';
import type { LiveState } from '../../telemetry/live-state';
import { KpiTiles } from '../kpi-tiles';
import type { TrendReference } from '../trend-chart';
import { TrendChart } from '../trend-chart';
import type { RankRow } from './rank-list';
import { RankList } from './rank-list';
import type { SceneSideProps } from './scene-types';
import { rankSize, seriesColours } from './scene-types';

interface PostRow {
  readonly id: string;
  readonly name: string;
  readonly level: PostLevel;
  readonly ts: number;
}

/** Every water post by its newest level, the most alarming first (stale ones keep their place, greyed). */
function postsByAlarm(live: LiveState): PostRow[] {
  const rows: PostRow[] = [];
  for (const reading of live.latest.values()) {
    const cm = reading.kind === 'water-level' ? reading.fields['waterLevelCm'] : undefined;
    if (typeof cm !== 'number') continue;
    const device = live.devices.get(reading.deviceId);
    rows.push({ id: reading.deviceId, name: device?.name ?? reading.deviceId, level: postLevel(cm, device?.siaga ?? defaultSiagaThresholds), ts: reading.ts });
  }
  return rows.sort((a, b) => (moreAlarming(a.level, b.level) ? -1 : moreAlarming(b.level, a.level) ? 1 : 0));
}

/** Floods: the highest water against its Siaga levels, the last ten minutes, the posts nearest to flooding. */
export function FloodSide({ kpis, live, now }: SceneSideProps) {
  const { t, format } = useI18n();
  const posts = postsByAlarm(live);
  const rows: RankRow[] = posts.map((post) => ({
    key: post.id,
    name: post.name,
    value: format.number(post.level.levelCm), // in cm, as the list's head says: the name keeps the room
    status: <SiagaBadge level={post.level.siaga} short />,
    staleAge: isStale(requireKind(builtInKinds, 'water-level'), post.ts, now) ? format.age(ageMs(post.ts, now)) : null,
  }));
  const highest = live.city?.highestPost ?? null;
  // The highest post's three alert levels; their names sit beside the chart, pushed apart where the levels lie close.
  const references: TrendReference[] = highest
    ? ([3, 2, 1] as const).map((level) => ({ value: highest.thresholds[`siaga${level}Cm`], label: `Siaga ${level}`, colour: siagaLook(level).colour, shape: siagaLook(level).shape }))
    : [];
  return (
    <div className="scene-side">
      <div className="kpi-pair">
        <KpiTiles kpis={kpis} only={['water', 'alarms']} />
      </div>
      <TrendChart title={t.chartWaterTitle} trend={live.trend} now={now} references={references} series={[{ key: 'waterHighestCm', label: t.seriesWaterHighest, colour: seriesColours.second }]} />
      <RankList title={t.rankWaterTitle} valueHead={t.columnWaterLevel} rows={rows} size={rankSize} />
    </div>
  );
}
