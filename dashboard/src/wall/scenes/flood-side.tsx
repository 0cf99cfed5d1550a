import { ageMs, defaultSiagaThresholds, fieldOfQuantity, isStale, moreAlarming, postLevel } from '@kendali/contracts';
import type { KindLookup, PostLevel } from '@kendali/contracts';
import { useI18n } from '../../i18n/i18n-context';
import { useRoomKinds } from '../../kinds/kinds-context';
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
  readonly stale: boolean;
}

/**
 * Every water post (a device of a kind with a field of quantity water-level-cm) by its newest level,
 * the most alarming first (stale ones keep their place, greyed).
 */
function postsByAlarm(live: LiveState, kinds: KindLookup, now: number): PostRow[] {
  const rows: PostRow[] = [];
  for (const reading of live.latest.values()) {
    const spec = kinds.spec(reading.kind);
    const levelField = fieldOfQuantity(spec, 'water-level-cm');
    const cm = levelField === undefined ? undefined : reading.fields[levelField];
    if (spec === undefined || typeof cm !== 'number') continue;
    const device = live.devices.get(reading.deviceId);
    rows.push({ id: reading.deviceId, name: device?.name ?? reading.deviceId, level: postLevel(cm, device?.siaga ?? defaultSiagaThresholds), ts: reading.ts, stale: isStale(spec, reading.ts, now) });
  }
  return rows.sort((a, b) => (moreAlarming(a.level, b.level) ? -1 : moreAlarming(b.level, a.level) ? 1 : 0));
}

/** Floods: the highest water against its Siaga levels, the last ten minutes, the posts nearest to flooding. */
export function FloodSide({ kpis, live, now }: SceneSideProps) {
  const { t, format } = useI18n();
  const kinds = useRoomKinds();
  const posts = postsByAlarm(live, kinds, now);
  const rows: RankRow[] = posts.map((post) => ({
    key: post.id,
    name: post.name,
    value: format.number(post.level.levelCm), // in cm, as the list's head says: the name keeps the room
    status: <SiagaBadge level={post.level.siaga} short />,
    staleAge: post.stale ? format.age(ageMs(post.ts, now)) : null,
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
