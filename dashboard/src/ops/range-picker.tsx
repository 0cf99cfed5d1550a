import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { HistoryRange } from './history-range';
import { fromWibInput, presetRanges, toWibInput } from './history-range';

/** 1 h, 24 h, 7 d, or a custom span typed in WIB. */
export function RangePicker({ range, now, onChange }: { readonly range: HistoryRange; readonly now: number; readonly onChange: (range: HistoryRange) => void }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(() => toWibInput(now - 3 * 3_600_000));
  const [to, setTo] = useState(() => toWibInput(now));
  const labels = { '1h': t.range1h, '24h': t.range24h, '7d': t.range7d };
  const applyCustom = (nextFrom: string, nextTo: string) => {
    const a = fromWibInput(nextFrom);
    const b = fromWibInput(nextTo);
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
          <span className="muted">WIB</span>
        </span>
      )}
    </div>
  );
}
