import type { LiveState } from '../telemetry/live-state';
import { ageMs } from '../telemetry/freshness';
import type { LinkState } from '../telemetry/telemetry-source';
import { useI18n } from '../i18n/i18n-context';

/** Frames arrive several times a second; figures older than this are no longer "now". */
const statsStaleAfterMs = 10_000; // 10 seconds

interface DevicesOnline {
  readonly online: number;
  readonly total: number;
}

/** From the live stats, or counted from the device list until the first frame arrives. */
function devicesOnline(live: LiveState): DevicesOnline | null {
  if (live.stats) return { online: live.stats.devicesOnline, total: live.stats.devicesTotal };
  if (live.devices.size === 0) return null;
  let online = 0;
  for (const condition of live.conditions.values()) if (condition.state === 'online') online += 1;
  return { online, total: live.devices.size };
}

/** Fixed decimals per magnitude, so a rate does not jitter between "9,5" and "9,50". */
const rateDigits = (perSecond: number) => (perSecond < 100 ? 1 : 0);

interface TileProps {
  readonly label: string;
  readonly value: string;
  readonly suffix?: string;
  /** Shown greyed: not a current figure. */
  readonly stale: boolean;
  /** Age of the figure, when known. */
  readonly age: string | null;
}

function KpiTile({ label, value, suffix, stale, age }: TileProps) {
  return (
    <section className={stale ? 'kpi is-stale' : 'kpi'}>
      <header className="kpi-head">
        <h2 className="kpi-label">{label}</h2>
        {stale && age !== null && <span className="age">{age}</span>}
      </header>
      <p className="kpi-value">
        {value}
        {suffix && <span className="kpi-suffix">{suffix}</span>}
      </p>
    </section>
  );
}

export function KpiTiles({ live, link, now }: { readonly live: LiveState; readonly link: LinkState; readonly now: number }) {
  const { t, format } = useI18n();
  const stats = live.stats;
  const frameAge = live.lastFrameAt === null ? null : ageMs(live.lastFrameAt, now);
  // Not "now" while the link is down or frames stopped: greyed, with the age when it is known.
  const stale = link !== 'live' || frameAge === null || frameAge > statsStaleAfterMs;
  const age = frameAge === null ? null : format.age(frameAge);
  const devices = devicesOnline(live);
  const none = '—';

  return (
    <div className="kpis">
      <KpiTile
        label={t.kpiDevicesOnline}
        value={devices ? format.number(devices.online) : none}
        suffix={devices ? ` / ${format.number(devices.total)}` : ''}
        stale={stale}
        age={age}
      />
      <KpiTile
        label={t.kpiMessagesPerSecond}
        value={stats ? format.number(stats.messagesPerSecond, rateDigits(stats.messagesPerSecond)) : none}
        stale={stale}
        age={age}
      />
      <KpiTile
        label={t.kpiReadingsPerSecond}
        value={stats ? format.number(stats.readingsPerSecond, rateDigits(stats.readingsPerSecond)) : none}
        stale={stale}
        age={age}
      />
    </div>
  );
}
