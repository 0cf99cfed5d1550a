import type { ReactNode } from 'react';

export interface KpiTileProps {
  /** Stable name for tests and styling (`data-kpi`). */
  readonly id: string;
  readonly label: string;
  /** The figure, formatted; '—' when there is none. */
  readonly value: string;
  readonly unit?: string;
  /** A line under the figure: its category, Siaga level, breakdown. */
  readonly sub?: ReactNode;
  /** Shown greyed with its age: not a current figure. */
  readonly stale: boolean;
  readonly age: string | null;
}

/**
 * One key figure, the biggest type on the wall. Its box never changes size with its content, so
 * nothing moves when numbers change (no layout shift).
 */
export function KpiTile({ id, label, value, unit, sub, stale, age }: KpiTileProps) {
  return (
    <section className={stale ? 'kpi is-stale' : 'kpi'} data-kpi={id}>
      <h2 className="kpi-label">{label}</h2>
      <p className="kpi-value">
        <span className="kpi-figure">{value}</span>
        {unit && <span className="kpi-unit">{unit}</span>}
      </p>
      <div className="kpi-sub">{stale && age !== null ? <span className="age">{age}</span> : sub}</div>
    </section>
  );
}
