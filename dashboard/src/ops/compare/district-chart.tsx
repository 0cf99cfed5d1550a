import type { IspuPollutant, SiagaLevel } from '@kendali/contracts';
import { ispuCategory, ispuIndex, zoneOffsetMs } from '@kendali/contracts';
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useCities } from '../../city/cities-context';
import { useI18n } from '../../i18n/i18n-context';
import { ispuLook, siagaLook } from '../../status/status-look';
import { StatusIcon } from '../../status/status-shape';
import type { DistrictPanel } from './district-panels';
import { ispuBands } from './district-panels';

const dayMs = 86_400_000;
const axisColour = '#a9b6cc';
const tickFont = 16; // px: above the console's 14 px floor, read from further away
const siagaLevels: readonly { readonly level: SiagaLevel; readonly key: 'siaga3Cm' | 'siaga2Cm' | 'siaga1Cm' }[] = [
  { level: 3, key: 'siaga3Cm' },
  { level: 2, key: 'siaga2Cm' },
  { level: 1, key: 'siaga1Cm' },
];

export interface DistrictChartProps {
  readonly panel: DistrictPanel;
  readonly unit: string | null;
  /** The field, when it is an ISPU pollutant: the chart lays its categories under the line. */
  readonly pollutant: IspuPollutant | null;
  readonly domain: readonly [number, number];
  readonly from: number;
  readonly to: number;
}

/** One district's hourly values over the range, on the value axis all districts share. */
export function DistrictChart({ panel, unit, pollutant, domain, from, to }: DistrictChartProps) {
  const { t, format } = useI18n();
  const { timeZone } = useCities().zone;
  const spansDays = to - from > dayMs;
  const ticks = axisTicks(from, to, zoneOffsetMs(from, timeZone));
  const value = (v: number) => `${format.number(v, 1)}${unit ? ` ${unit}` : ''}`;
  const latestCategory = pollutant && panel.latest ? ispuCategory(ispuIndex(pollutant, panel.latest.value)) : null;
  return (
    <article className="compare-panel" data-district={panel.district} data-points={panel.points.length}>
      <header className="compare-panel-head">
        <h2 className="compare-district">{panel.district}</h2>
        {panel.latest && panel.peak ? (
          <p className="compare-figures">
            <span className="compare-latest" data-value={panel.latest.value}>
              {latestCategory && <StatusIcon shape={ispuLook(latestCategory).shape} colour={ispuLook(latestCategory).colour} />}
              <b>{value(panel.latest.value)}</b>
              <span className="muted"> {t.compareLatest}</span>
            </span>
            <span className="compare-peak" data-value={panel.peak.value}>
              <span className="muted">{t.comparePeak} </span>
              {value(panel.peak.value)}
              <span className="muted"> · {spansDays ? format.shortDate(panel.peak.t) : format.shortTime(panel.peak.t)}</span>
            </span>
          </p>
        ) : (
          <p className="compare-figures muted">{t.compareNoData}</p>
        )}
      </header>
      <div className="compare-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={[...panel.points]} margin={{ top: 10, right: 10, bottom: 0, left: 0 }}>
            {pollutant &&
              ispuBands(pollutant).map((band) => (
                <ReferenceArea key={band.category} y1={band.from} y2={band.to} fill={ispuLook(band.category).colour} fillOpacity={0.24} stroke="none" ifOverflow="hidden" />
              ))}
            <CartesianGrid stroke="#26334d" vertical={false} />
            <XAxis dataKey="t" type="number" domain={[from, to]} ticks={ticks} allowDataOverflow tickFormatter={(at: number) => (spansDays ? format.shortDate(at) : format.shortTime(at))} stroke={axisColour} tick={{ fill: axisColour, fontSize: tickFont }} />
            <YAxis
              domain={[domain[0], domain[1]]}
              allowDataOverflow
              stroke={axisColour}
              tick={{ fill: axisColour, fontSize: tickFont }}
              width={52}
              // A pollutant's ticks are its ISPU breakpoints: where a band starts reads off the axis.
              {...(pollutant ? { ticks: ispuBands(pollutant).map((band) => band.from).filter((at) => at < domain[1]).concat(domain[1]) } : { tickCount: 4 })}
              tickFormatter={(v: number) => format.number(v)}
            />
            {panel.siaga &&
              siagaLevels.map(({ level, key }) => (
                <ReferenceLine
                  key={level}
                  y={panel.siaga![key]}
                  stroke={siagaLook(level).colour}
                  strokeDasharray="8 5"
                  strokeWidth={2}
                  ifOverflow="extendDomain"
                  label={{ value: `Siaga ${level}`, position: 'insideTopLeft', fill: siagaLook(level).colour, fontSize: tickFont, fontWeight: 700 }}
                />
              ))}
            <Line dataKey="value" stroke={pollutant ? '#f8fafc' : '#f5a524'} strokeWidth={3} dot={panel.points.length === 1} isAnimationActive={false} connectNulls={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </article>
  );
}

/**
 * Ticks on the city's clock: every 6 hours over a day, at midnight every 2 days over a week and
 * every 7 days over a month (`offsetMs`: the city's zone ahead of UTC).
 */
function axisTicks(from: number, to: number, offsetMs: number): number[] {
  const span = to - from;
  const step = span <= dayMs ? 6 * 3_600_000 : span <= 7 * dayMs ? 2 * dayMs : 7 * dayMs;
  const grid = span <= dayMs ? step : dayMs;
  const ticks: number[] = [];
  for (let at = Math.ceil((from + offsetMs) / grid) * grid - offsetMs; at <= to; at += step) ticks.push(at);
  return ticks;
}
