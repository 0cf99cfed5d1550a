import type { ReactNode } from 'react';
import { FittedName } from '../fitted-name';

export interface RankRow {
  readonly key: string;
  readonly name: string;
  /** The figure, formatted; null when the status says it all (a badge with the figure in it). */
  readonly value: string | null;
  readonly status: ReactNode;
  /** Greyed with its age instead of its status: not a current value. */
  readonly staleAge?: string | null;
}

/**
 * The few places that matter most right now, worst first; always `size` rows so nothing shifts.
 * The rows share their columns (subgrid), so figures and badges line up from row to row.
 */
export function RankList({ title, rows, size, valueHead }: { readonly title: string; readonly rows: readonly RankRow[]; readonly size: number; readonly valueHead: string }) {
  const padded: (RankRow | null)[] = [...rows.slice(0, size)];
  while (padded.length < size) padded.push(null);
  return (
    <section className="panel rank-panel">
      <h2 className="panel-title">
        {title}
        <span className="panel-note">{valueHead}</span>
      </h2>
      <ol className="rank-rows">
        {padded.map((row, i) =>
          row === null ? (
            <li key={`empty-${i}`} className="rank-row is-empty" aria-hidden="true" />
          ) : (
            <li key={row.key} className={row.staleAge ? 'rank-row is-stale' : 'rank-row'} data-row={row.key}>
              <FittedName className="rank-name" name={row.name} />
              <span className="rank-value">{row.value}</span>
              <span className="rank-status">{row.staleAge ? <span className="age">{row.staleAge}</span> : row.status}</span>
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
