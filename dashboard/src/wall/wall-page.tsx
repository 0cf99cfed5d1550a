import { ageMs } from '@kendali/contracts';
import { useMemo } from 'react';
import { districtKey } from '../map/city-model';
import { ConnectionBanner, StorageBanner } from '../shell/status-banners';
import { LinkIndicator } from '../shell/link-indicator';
import { takeoverAlarms, visibleAlarms } from '../telemetry/live-alarms';
import { storageHealthOf } from '../telemetry/storage-health';
import { useTelemetry } from '../telemetry/use-telemetry';
import { useNow } from '../use-now';
import { useSampled } from '../use-sampled';
import { AlarmTakeover } from './alarm-takeover';
import { AlarmTicker } from './alarm-ticker';
import { SceneSide } from './scenes/scene-side';
import { useSceneRotation } from './use-scene-rotation';
import { useWallModel } from './use-wall-model';
import './wall.css';
import './wall-parts.css';
import './takeover.css';
import { WallHeader } from './wall-header';
import { wallKpis } from './wall-kpis';
import { useWallFrame } from './wall-frame';
import { WallMap } from './wall-map';
import { parseWallParams } from './wall-params';

// The wall redraws twice a second, whatever the frame rate: calm and cheap. The map's shading and
// markers and the charts, the costly parts, follow once a second (useWallModel, TrendChart).
const redrawMs = 500;

/** The video wall: 1920x1080 or 3840x2160, read from 5 m, no pointer; scenes rotate by themselves. */
export function WallPage() {
  const { link, live: streaming } = useTelemetry();
  const live = useSampled(streaming, redrawMs);
  // Server time: ages and the clock stay right even when this PC's clock is off.
  const now = useNow() + live.clockOffsetMs;
  const params = useMemo(() => parseWallParams(window.location.search), []);
  const scene = useSceneRotation(params);
  const alarms = visibleAlarms(live.alarms, now);
  const takeover = takeoverAlarms(live.alarms, now);
  const shownScene = takeover.length > 0 ? 'overview' : scene;
  const wall = useWallFrame();
  const model = useWallModel(live, shownScene, now, wall);
  const kpis = wallKpis(live, link, now);
  const highlight = takeover[0]?.district ? districtKey(takeover[0].district) : null;

  const map = (
    <WallMap
      scene={shownScene}
      wall={wall}
      statuses={model.statuses}
      counts={model.counts}
      devices={model.devices}
      states={model.states}
      markers={model.markers}
      alarms={model.alarms}
      highlight={highlight}
    />
  );
  return (
    <div className="wall" data-scene={shownScene} data-link={link}>
      <WallHeader scene={shownScene} now={now} />
      <main className="wall-main">
        {takeover.length > 0 ? (
          <AlarmTakeover alarms={takeover} now={now}>
            {map}
          </AlarmTakeover>
        ) : (
          <>
            {map}
            <SceneSide scene={scene} kpis={kpis} live={live} statuses={model.statuses} now={now} />
          </>
        )}
        <div className="banners">
          <ConnectionBanner link={link} lastFrameAge={live.lastFrameAt === null ? null : ageMs(live.lastFrameAt, now)} />
          <StorageBanner storage={storageHealthOf(live.stats)} />
        </div>
      </main>
      <footer className="wall-footer">
        <LinkIndicator link={link} />
        <AlarmTicker alarms={alarms} now={now} />
      </footer>
    </div>
  );
}
