import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import type { MarkerState, StatusLook } from '../status/status-look';
import { markerLook } from '../status/status-look';
import { ShapeMark, StatusIcon } from '../status/status-shape';
import type { FittedFrame } from './frame-box';
import type { GeoFrame, MapPoint } from './geo-frame';
import type { DistrictLabelPlace } from './district-label-layout';

export interface DistrictPaint {
  readonly look: StatusLook;
  /** Words for the condition, read by screen readers and tests (the legend says them on screen). */
  readonly text: string;
}

/** What a district's label says besides its name: its devices online of those registered (and offline, for screen readers). */
export interface DistrictCounts {
  readonly online: number;
  readonly offline: number;
  readonly registered: number;
}

/** No devices in a district. */
export const noDevices: DistrictCounts = { online: 0, offline: 0, registered: 0 };

/** A marker on the map, box units: a device the scene is about, or an active alarm. */
export interface MapMarker {
  readonly id: string;
  readonly at: MapPoint;
  readonly state: MarkerState;
}

export interface CityMapProps {
  readonly frame: GeoFrame;
  readonly fitted: FittedFrame;
  readonly paints: ReadonlyMap<string, DistrictPaint>;
  readonly counts: ReadonlyMap<string, DistrictCounts>;
  /** Whether the labels show the counts (a crowded map of several cities leaves them to screen readers). */
  readonly showCounts?: boolean;
  readonly labels: readonly DistrictLabelPlace[];
  readonly devices: readonly MapMarker[];
  readonly alarms: readonly MapMarker[];
  /** A district drawn with a thick outline (alarm take-over). */
  readonly highlight?: string | null;
  /** HTML laid over the map (the attribution). */
  readonly children?: ReactNode;
}

/** Radii of the markers, rem: a device readable from 5 m, an alarm twice as large. */
export const deviceMarkerRem = 0.42;
export const alarmMarkerRem = 0.8;
const rem = (value: number) => `${value.toFixed(3)}rem`;

/**
 * Districts drawn from their real boundaries, shaded by condition, city borders heavier than
 * district borders; each district named with its status shape and, where `showCounts`, its devices
 * online of those registered, "12/14" (online and offline always for screen readers),
 * inside it where the name fits and outside with a leader line where not; the scene's devices and
 * every active alarm as markers. Everything is in rem, the box's units, so the picture is the same
 * on a 1080p and a 2160p panel.
 */
export function CityMap({ frame, fitted, paints, counts, showCounts = true, labels, devices, alarms, highlight = null, children }: CityMapProps) {
  const { t, format } = useI18n();
  const { box, scale, offset } = fitted;
  const names = new Map(frame.districts.map((d) => [d.id, d.name]));
  return (
    <div className="city-map" style={{ width: rem(box.width), height: rem(box.height) }} data-cities={[...new Set(frame.districts.map((d) => d.cityId))].join(' ')}>
      <svg className="city-map-svg" viewBox={`0 0 ${box.width} ${box.height}`} aria-hidden="true">
        <g transform={`translate(${offset[0]} ${offset[1]}) scale(${scale})`}>
          {frame.districts.map((district) => {
            const paint = paints.get(district.id);
            return (
              <path
                key={district.id}
                className={district.id === highlight ? 'district-cell is-highlighted' : 'district-cell'}
                data-district={district.id}
                d={district.path}
                fill={paint?.look.colour ?? '#1d2b47'}
                fillOpacity={paint?.look.colour === '#050505' ? 0.9 : 0.55}
                strokeWidth={(district.id === highlight ? 0.2 : 0.05) / scale}
              />
            );
          })}
          {frame.outlines.map((outline) => (
            <path key={outline.cityId} className="city-outline" data-city={outline.cityId} d={outline.path} strokeWidth={0.12 / scale} />
          ))}
        </g>
        {labels
          .filter((label) => !label.inside)
          .map((label) => {
            // From the label's centre: the label's own background hides the part under it.
            const [x, y] = label.anchor;
            return (
              <g key={label.id} className="leader">
                <line x1={label.centre[0]} y1={label.centre[1]} x2={x} y2={y} />
                <circle cx={x} cy={y} r={0.14} />
              </g>
            );
          })}
        {devices.map((device) => {
          const look = markerLook(device.state);
          return (
            <g key={device.id} className="device-marker" data-state={device.state}>
              <ShapeMark shape={look.shape} colour={look.colour} x={device.at[0]} y={device.at[1]} r={deviceMarkerRem} />
            </g>
          );
        })}
        {alarms.map((alarm) => {
          const look = markerLook(alarm.state);
          return (
            <g key={alarm.id} className="alarm-marker" data-severity={alarm.state}>
              <circle cx={alarm.at[0]} cy={alarm.at[1]} r={alarmMarkerRem * 1.15} className="alarm-halo" />
              <ShapeMark shape={look.shape} colour={look.colour} x={alarm.at[0]} y={alarm.at[1]} r={alarmMarkerRem} />
            </g>
          );
        })}
      </svg>
      <ul className="district-labels">
        {labels.map((label) => {
          const paint = paints.get(label.id);
          const count = counts.get(label.id) ?? noDevices;
          return (
            <li
              key={label.id}
              className="district-label"
              data-district={label.id}
              data-placement={label.inside ? 'inside' : 'outside'}
              style={{ left: rem(label.centre[0]), top: rem(label.centre[1]) }}
            >
              <span className="district-name">
                {paint && <StatusIcon shape={paint.look.shape} colour={paint.look.colour} />}
                {names.get(label.id)}
              </span>
              {showCounts && count.registered > 0 && (
                <span className="district-count" data-online={count.online} data-registered={count.registered} aria-hidden="true">
                  {format.number(count.online)}/{format.number(count.registered)}
                </span>
              )}
              <span className="visually-hidden">{fill(t.districtDevices, { online: format.number(count.online), registered: format.number(count.registered), offline: format.number(count.offline) })}</span>
              {paint && <span className="visually-hidden">{paint.text}</span>}
            </li>
          );
        })}
      </ul>
      {children}
    </div>
  );
}
