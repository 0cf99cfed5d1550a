import { alarmSeverities, severityRank } from '@kendali/contracts';
import type { CSSProperties, KeyboardEvent } from 'react';
import { memo, useId, useMemo, useRef } from 'react';
import { useCities } from '../city/cities-context';
import { useI18n } from '../i18n/i18n-context';
import { useKinds } from '../kinds/kinds-context';
import { kindLabel } from '../kinds/kind-text';
import type { Messages } from '../i18n/messages';
import { fill } from '../i18n/messages-devices';
import type { FramedDistrict } from '../map/geo-frame';
import { frameCities } from '../map/geo-frame';
import { markerLook, severityLook } from '../status/status-look';
import { severityLabel } from '../status/status-labels';
import { shapePath, StatusIcon } from '../status/status-shape';
import type { LiveState } from '../telemetry/live-state';
import { cityAreas } from './city-areas';
import { deviceStateText, isAlarmState } from '../status/device-state';
import type { DistrictShade } from './district-shading';
import { districtMapKey, okLook, shadeDistricts, shadeLook } from './district-shading';
import type { DeviceMark } from './ops-map-model';
import { deviceMarks, placeDevices } from './ops-map-model';
import { namesThatFit } from './map-labels';
import { useMapView } from './use-map-view';
import './ops-map.css';

export interface OpsMapProps {
  readonly live: LiveState;
  readonly now: number;
  /** The district the alarm list is filtered to (its name), or null for all. */
  readonly district: string | null;
  readonly onDistrict: (name: string | null) => void;
  readonly onDevice: (device: { readonly id: string; readonly district: string }) => void;
}

// Sizes on screen, pixels, whatever the zoom.
const labelPx = 14; // the console's smallest text
const districtMarkPx = 7;
const alarmMarkPx = 10;
const deviceMarkPx = 5;

function shadeText(shade: DistrictShade, t: Messages): string {
  switch (shade.state) {
    case 'alarm':
      return fill(t.mapStateAlarms, { n: shade.alarms, severity: severityLabel(shade.severity, t) });
    case 'offline':
      return fill(t.mapStateOffline, { n: shade.offline });
    case 'ok':
      return t.mapStateOk;
  }
}

const nameMetrics = { heightPx: 2 * districtMarkPx + 2 + labelPx * 1.2, charPx: labelPx * 0.62 };

/** Whose name goes first when names collide: the selected district, then the worst, then the largest. */
function namePriority(shade: DistrictShade, selected: boolean, areaShare: number): number {
  const trouble = shade.state === 'alarm' ? 10 - severityRank[shade.severity] : shade.state === 'offline' ? 5 : 0;
  return (selected ? 100 : 0) + trouble + areaShare;
}

/**
 * The room's cities on the console: districts shaded by their worst state (named, with the state's
 * shape), devices as markers, open alarms as larger ones. A district selects the alarm list's and
 * the drill-down's district; a device opens its history. Wheel, drag and the buttons pan and zoom;
 * lines, marks and names keep their size on screen.
 */
export function OpsMap({ live, now, district, onDistrict, onDevice }: OpsMapProps) {
  const { t, lang } = useI18n();
  const { cities } = useCities();
  const { kinds } = useKinds();
  const frame = useMemo(() => frameCities(cities), [cities]);
  const areas = useMemo(() => cityAreas(cities), [cities]);
  const svg = useRef<SVGSVGElement>(null);
  const view = useMapView(svg, frame.width, frame.height);
  const hintId = useId();
  const placed = useMemo(() => placeDevices(areas, frame.project, live.devices), [areas, frame, live.devices]);
  const marks = useMemo(() => deviceMarks(placed, live, kinds, now), [placed, live, kinds, now]);
  const shades = useMemo(() => shadeDistricts(areas, live.devices, live.conditions, live.alarms.values(), now), [areas, live.devices, live.conditions, live.alarms, now]);
  const selected = district?.trim().toLowerCase() ?? null;
  const { k } = view.transform;
  const screenPxPerUnit = k * view.pxPerUnit;
  const shadeOf = (d: FramedDistrict): DistrictShade => shades.get(districtMapKey(d.cityId, d.id)) ?? { state: 'ok' };
  const totalArea = frame.districts.reduce((sum, d) => sum + d.area, 0) || 1;
  const named = namesThatFit(
    frame.districts.map((d) => ({ key: districtMapKey(d.cityId, d.id), name: d.name, at: d.inner, priority: namePriority(shadeOf(d), d.name.toLowerCase() === selected, d.area / totalArea) })),
    screenPxPerUnit,
    nameMetrics,
  );
  // Marks and names are drawn in pixels and shrunk back by the zoom: they keep their size on screen.
  const markScale = { '--mark-scale': String(1 / screenPxPerUnit) } as CSSProperties;

  // Calm markers under the names, open alarms over them: a name stays readable, an alarm visible.
  const devices = (alarms: boolean) => (
    <g className="ops-map-devices">
      {marks
        .filter((mark) => isAlarmState(mark.state) === alarms)
        .map((mark) => (
          <DeviceMarker key={mark.id} mark={mark} title={`${mark.name} (${kindLabel(kinds.spec(mark.kind), mark.kind, lang)}): ${deviceStateText(mark.state, t)}`} onDevice={onDevice} />
        ))}
    </g>
  );
  const choose = (d: FramedDistrict) => onDistrict(d.name.toLowerCase() === selected ? null : d.name);
  const onKey = (event: KeyboardEvent, d: FramedDistrict) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    choose(d);
  };

  return (
    <section className="ops-panel ops-map" aria-label={t.opsMapTitle}>
      <div className="ops-map-head">
        <h2 className="ops-title">{t.opsMapTitle}</h2>
        <button type="button" className="ops-map-all" aria-pressed={selected === null} onClick={() => onDistrict(null)}>
          {t.mapAllDistricts}
        </button>
      </div>
      <div className="ops-map-frame">
        <svg ref={svg} className="ops-map-svg" viewBox={`0 0 ${frame.width} ${frame.height}`} role="group" aria-describedby={hintId}>
          <g className="ops-map-view" transform={view.transform.toString()} style={markScale}>
            {frame.districts.map((d) => {
              const shade = shadeOf(d);
              const isSelected = d.name.toLowerCase() === selected;
              return (
                <path
                  key={districtMapKey(d.cityId, d.id)}
                  className={`ops-map-district is-${shade.state}${isSelected ? ' is-selected' : ''}`}
                  d={d.path}
                  fill={shadeLook(shade).colour}
                  role="button"
                  tabIndex={0}
                  aria-pressed={isSelected}
                  aria-label={`${d.name}: ${shadeText(shade, t)}`}
                  data-district={d.id}
                  data-state={shade.state}
                  onClick={() => choose(d)}
                  onKeyDown={(event) => onKey(event, d)}
                >
                  <title>{`${d.name}: ${shadeText(shade, t)}`}</title>
                </path>
              );
            })}
            {frame.outlines.map((o) => (
              <path key={o.cityId} className="ops-map-outline" d={o.path} />
            ))}
            {frame.districts
              .filter((d) => d.name.toLowerCase() === selected)
              .map((d) => (
                <path key={d.id} className="ops-map-selection" d={d.path} />
              ))}
            {devices(false)}
            <g className="ops-map-labels" aria-hidden="true">
              {frame.districts.map((d) => {
                const key = districtMapKey(d.cityId, d.id);
                const withName = named.has(key);
                return (
                  <g key={key} className="ops-map-mark" style={{ translate: `${d.inner[0]}px ${d.inner[1]}px` }} data-district={d.id}>
                    <MarkShape state={shadeLook(shadeOf(d))} r={districtMarkPx} y={withName ? -districtMarkPx - 2 : 0} />
                    {withName && (
                      <text className="ops-map-name" y={labelPx * 0.75} fontSize={labelPx}>
                        {d.name}
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
            {devices(true)}
          </g>
        </svg>
        <div className="ops-map-zoom">
          <button type="button" aria-label={t.mapZoomIn} title={t.mapZoomIn} onClick={view.zoomIn}>
            +
          </button>
          <button type="button" aria-label={t.mapZoomOut} title={t.mapZoomOut} onClick={view.zoomOut}>
            −
          </button>
          <button type="button" aria-label={t.mapZoomReset} title={t.mapZoomReset} onClick={view.reset}>
            <svg className="ops-map-fit" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" />
            </svg>
          </button>
        </div>
        <small className="ops-map-attribution">{t.mapAttribution}</small>
      </div>
      <ul className="ops-map-legend">
        {alarmSeverities.map((severity) => (
          <li key={severity}>
            <StatusIcon shape={severityLook(severity).shape} colour={severityLook(severity).colour} /> {severityLabel(severity, t)}
          </li>
        ))}
        <li>
          <StatusIcon shape={markerLook('offline').shape} colour={markerLook('offline').colour} /> {t.mapLegendOffline}
        </li>
        <li>
          <StatusIcon shape={okLook.shape} colour={okLook.colour} /> {t.mapStateOk}
        </li>
      </ul>
      <p id={hintId} className="muted ops-map-hint">
        {t.mapHint}
      </p>
    </section>
  );
}

/** A status shape centred on 0,0 (pixels before the mark's scale). */
function MarkShape({ state, r, y = 0 }: { readonly state: { readonly shape: Parameters<typeof shapePath>[0]; readonly colour: string }; readonly r: number; readonly y?: number }) {
  const hollow = state.shape === 'ring';
  return <path d={shapePath(state.shape, r)} transform={`translate(0 ${y})`} className={hollow ? 'ops-map-shape is-hollow' : 'ops-map-shape'} fill={hollow ? 'none' : state.colour} stroke={hollow ? state.colour : undefined} />;
}

interface DeviceMarkerProps {
  readonly mark: DeviceMark;
  readonly title: string;
  readonly onDevice: OpsMapProps['onDevice'];
}

/**
 * One device. Marks are rebuilt every second (their states follow the clock); a marker whose
 * device, place, state and words are the same is not drawn again, so thousands cost little.
 */
const DeviceMarker = memo(function DeviceMarker({ mark, title, onDevice }: DeviceMarkerProps) {
  const look = markerLook(mark.state);
  const alarm = isAlarmState(mark.state);
  return (
    <g
      className={`ops-map-mark ops-map-device${alarm ? ' is-alarm' : ''}`}
      style={{ translate: `${mark.at[0]}px ${mark.at[1]}px` }}
      data-device-id={mark.id}
      data-state={mark.state}
      onClick={() => onDevice(mark)}
    >
      <title>{title}</title>
      <MarkShape state={look} r={alarm ? alarmMarkPx : mark.state === 'offline' ? deviceMarkPx + 1 : deviceMarkPx} />
    </g>
  );
}, sameMarker);

function sameMarker(a: DeviceMarkerProps, b: DeviceMarkerProps): boolean {
  return a.title === b.title && a.onDevice === b.onDevice && a.mark.id === b.mark.id && a.mark.state === b.mark.state && a.mark.at === b.mark.at && a.mark.district === b.mark.district;
}
