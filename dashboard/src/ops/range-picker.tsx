import { useState } from 'react';
import { useCities } from '../city/cities-context';
import { useI18n } from '../i18n/i18n-context';
import type { HistoryRange } from './history-range';
import { fromCityInput, presetRanges, toCityInput } from './history-range';

/** 1 h, 24 h, 7 d, or a custom span typed on the city's clock. */
export function RangePicker({ range, now, onChange }: { readonly range: HistoryRange; readonly now: number; readonly onChange: (range: HistoryRange) => void }) {
  const { t, format } = useI18n();
  const { timeZone } = useCities().zone;
  const [from, setFrom] = useState(() => toCityInput(now - 3 * 3_600_000, timeZone));
  const [to, setTo] = useState(() => toCityInput(now, timeZone));
  const labels = { '1h': t.range1h, '24h': t.range24h, '7d': t.range7d };
  const applyCustom = (nextFrom: string, nextTo: string) => {
    const a = fromCityInput(nextFrom, timeZone);
    const b = fromCityInput(nextTo, timeZone);
    if (a !== null && b !== null && b > a) onChange({ preset: 'custom', from: a, to: b });
  };
  return (
    <div className="range-picker" role="group" aria-label={t.rangeLabel}>
      {presetRanges.map((preset) => (
        <button key={preset} type="button" aria-pressed={range.preset === preset} onClick={() => onChange({ preset })}>
          {labels[preset]}
        </button>
      ))}
      <button type="button" aria-pressed={range.preset === 'custom'} onClick={() => applyCustom(from, to)}>
        {t.rangeCustom}
      </button>
      {range.preset === 'custom' && (
        <span className="range-custom">
          <label>
            {t.rangeFrom}
            <input type="datetime-local" value={from} onChange={(e) => { setFrom(e.target.value); applyCustom(e.target.value, to); }} />
          </label>
          <label>
            {t.rangeTo}
            <input type="datetime-local" value={to} onChange={(e) => { setTo(e.target.value); applyCustom(from, e.target.value); }} />
          </label>
          <span className="muted">{format.zone}</span>
        </span>
      )}
    </div>
  );
}
