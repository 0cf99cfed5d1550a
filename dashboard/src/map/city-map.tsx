import type { ReactNode } from 'react';
import type { MarkerState, StatusLook } from '../status/status-look';
import { StatusIcon } from '../status/status-shape';
import type { CityModel } from './city-model';
import type { PlacedDevice } from './device-markers';
import { DeviceLayer } from './device-layer';

export interface DistrictPaint {
  readonly look: StatusLook;
  /** Words for the condition, read by screen readers and tests (the legend says them on screen). */
  readonly text: string;
}

export interface CityMapProps {
  readonly model: CityModel;
  readonly paints: ReadonlyMap<string, DistrictPaint>;
  readonly devices: readonly PlacedDevice[];
  readonly states: ReadonlyMap<string, MarkerState>;
  /** A district drawn with a thick outline (alarm take-over). */
  readonly highlight?: string | null;
  /** Extra SVG drawn over the districts, in map units (rivers). */
  readonly overlay?: ReactNode;
  /** HTML laid over the map (legend, inset). */
  readonly children?: ReactNode;
  readonly className?: string;
}

const pct = (value: number, of: number) => `${((value / of) * 100).toFixed(3)}%`;

/** A city's districts shaded by condition, each named with a status shape, and its devices as markers. */
export function CityMap({ model, paints, devices, states, highlight = null, overlay, children, className }: CityMapProps) {
  return (
    <div className={`city-map ${className ?? ''}`} style={{ aspectRatio: `${model.width} / ${model.height}` }} data-city={model.cityId}>
      <svg className="city-map-svg" viewBox={`0 0 ${model.width} ${model.height}`} aria-hidden="true">
        <path className="city-outline" d={model.outlinePath} />
        {model.districts.map((district) => {
          const paint = paints.get(district.id);
          return (
            <path
              key={district.id}
              className={district.id === highlight ? 'district-cell is-highlighted' : 'district-cell'}
              d={district.path}
              fill={paint?.look.colour ?? '#1d2b47'}
              fillOpacity={paint?.look.colour === '#050505' ? 0.9 : 0.5}
            />
          );
        })}
        {overlay}
        {model.districts.map((d) => {
          // A label pushed away from its district points back to it.
          const far = Math.hypot(d.label[0] - d.anchor[0], d.label[1] - d.anchor[1]) > 40;
          return far ? <line key={d.id} className="leader" x1={d.anchor[0]} y1={d.anchor[1]} x2={d.label[0]} y2={d.label[1]} /> : null;
        })}
      </svg>
      <DeviceLayer width={model.width} height={model.height} devices={devices} states={states} />
      <ul className="district-labels">
        {model.districts.map((district) => {
          const paint = paints.get(district.id);
          return (
            <li
              key={district.id}
              className="district-label"
              data-district={district.id}
              style={{ left: pct(district.label[0], model.width), top: pct(district.label[1], model.height) }}
            >
              {paint && <StatusIcon shape={paint.look.shape} colour={paint.look.colour} />}
              <span className="district-name">{district.name}</span>
              {paint && <span className="visually-hidden">{paint.text}</span>}
            </li>
          );
        })}
      </ul>
      {children}
    </div>
  );
}

/** A small map of another city: its districts shaded, named once as a whole. */
export function CityInset({ model, paints, title, status }: { readonly model: CityModel; readonly paints: ReadonlyMap<string, DistrictPaint>; readonly title: string; readonly status: DistrictPaint | null }) {
  return (
    <figure className="city-inset" data-city={model.cityId}>
      <figcaption className="city-inset-title">
        {status && <StatusIcon shape={status.look.shape} colour={status.look.colour} />}
        {title}
        {status && <span className="visually-hidden">{status.text}</span>}
      </figcaption>
      <svg className="city-inset-svg" viewBox={`0 0 ${model.width} ${model.height}`} aria-hidden="true">
        <path className="city-outline" d={model.outlinePath} />
        {model.districts.map((district) => (
          <path key={district.id} className="district-cell" d={district.path} fill={paints.get(district.id)?.look.colour ?? '#1d2b47'} fillOpacity={0.5} />
        ))}
      </svg>
    </figure>
  );
}
