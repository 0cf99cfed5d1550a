import { DistrictOptions } from '../city/district-options';
import { useI18n } from '../i18n/i18n-context';
import { useKinds } from '../kinds/kinds-context';
import { fill } from '../i18n/messages-devices';
import type { DeviceQuery } from '@kendali/contracts';

export type DeviceFilters = Required<DeviceQuery>;

interface DeviceToolbarProps {
  readonly filters: DeviceFilters;
  readonly onChange: (filters: DeviceFilters) => void;
  readonly count: number;
  readonly loading: boolean;
}

/** Search and filters of the device list. */
export function DeviceToolbar({ filters, onChange, count, loading }: DeviceToolbarProps) {
  const { t, lang } = useI18n();
  const { kinds } = useKinds();
  return (
    <div className="device-toolbar">
      <label className="field field-search">
        <span>{t.searchLabel}</span>
        <input type="search" value={filters.q} placeholder={t.searchPlaceholder} onChange={(event) => onChange({ ...filters, q: event.target.value })} />
      </label>
      <label className="field">
        <span>{t.filterKind}</span>
        <select value={filters.kind} onChange={(event) => onChange({ ...filters, kind: event.target.value })}>
          <option value="">{t.filterAll}</option>
          {kinds.all().map((spec) => (
            <option key={spec.kind} value={spec.kind}>
              {spec.label[lang]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.filterDistrict}</span>
        <select value={filters.district} onChange={(event) => onChange({ ...filters, district: event.target.value })}>
          <option value="">{t.filterAll}</option>
          <DistrictOptions />
        </select>
      </label>
      <output className="device-count" aria-live="polite">
        {loading ? t.loading : fill(t.deviceCount, { n: count })}
      </output>
    </div>
  );
}
