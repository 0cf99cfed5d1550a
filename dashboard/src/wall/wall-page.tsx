import { kotaTangerang } from '@kendali/contracts';
import { useMemo } from 'react';
import { useTelemetry } from '../telemetry/use-telemetry';
import { useNow } from '../use-now';
import { AirQualityPanel } from './air-quality-panel';
import { airQualityByDistrict, waterLevelByDistrict } from './district-summary';
import { KpiTiles } from './kpi-tiles';
import { LiveChart } from './live-chart';
import './wall.css';
import { WallHeader } from './wall-header';
import { WaterLevelPanel } from './water-level-panel';

/** The video wall: 1920x1080 or 3840x2160, read from 5 m, no pointer. */
export function WallPage() {
  const { link, live } = useTelemetry();
  // Server time: ages and the clock stay right even when this PC's clock is off.
  const now = useNow() + live.clockOffsetMs;
  const districts = kotaTangerang.districts;
  const airRows = useMemo(() => airQualityByDistrict(districts, live.latest.values(), now), [districts, live.latest, now]);
  const waterRows = useMemo(() => waterLevelByDistrict(districts, live.latest.values(), now), [districts, live.latest, now]);

  return (
    <div className="wall">
      <WallHeader link={link} now={now} />
      <KpiTiles live={live} link={link} now={now} />
      <AirQualityPanel rows={airRows} now={now} />
      <WaterLevelPanel rows={waterRows} now={now} />
      <LiveChart trend={live.trend} now={now} />
    </div>
  );
}
