import { useI18n } from '../i18n/i18n-context';
import { useKinds } from '../kinds/kinds-context';
import { kindLabel } from '../kinds/kind-text';
import { compactAge } from '../i18n/compact-age';
import type { DeviceRow } from './device-rows';
import { primaryField } from './device-rows';
import { DeviceStateBadge } from './device-state-badge';
import { ReadingValue } from './reading-value';

interface DeviceTableProps {
  readonly rows: readonly DeviceRow[];
  readonly selectedId: string | null;
  readonly now: number;
  readonly onSelect: (id: string) => void;
}

function LastSeen({ at, now }: { readonly at: number | null; readonly now: number }) {
  const { t, lang, format } = useI18n();
  if (at === null) return <span className="muted">{t.never}</span>;
  return (
    <time dateTime={new Date(at).toISOString()} title={`${format.date(at)} ${format.clock(at)} ${format.zone}`}>
      {compactAge(now - at, lang)}
    </time>
  );
}

/** The registry with live state; a row is picked with the pointer or Enter. */
export function DeviceTable({ rows, selectedId, now, onSelect }: DeviceTableProps) {
  const { t, lang } = useI18n();
  const { kinds } = useKinds();
  return (
    <table className="device-table">
      <thead>
        <tr>
          <th scope="col">{t.columnState}</th>
          <th scope="col">{t.columnName}</th>
          <th scope="col">{t.columnKind}</th>
          <th scope="col">{t.columnLatest}</th>
          <th scope="col">{t.columnLastSeen}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ device, state, lastSeen, latest }) => {
          const spec = kinds.spec(device.kind);
          const field = primaryField(spec, latest);
          const value = latest?.fields[field];
          return (
            <tr
              key={device.id}
              className={device.id === selectedId ? 'is-selected' : undefined}
              aria-selected={device.id === selectedId}
              tabIndex={0}
              data-device-id={device.id}
              onClick={() => onSelect(device.id)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onSelect(device.id);
                }
              }}
            >
              <td>
                <DeviceStateBadge state={state} enabled={device.enabled} />
              </td>
              <td>
                <span className="cell-main">{device.name}</span>
                <code className="cell-sub">{device.id}</code>
              </td>
              <td>
                <span className="cell-main">{kindLabel(spec, device.kind, lang)}</span>
                <span className="cell-sub">{device.district}</span>
              </td>
              <td className="latest-cell">
                {value === undefined ? <span className="muted">—</span> : <ReadingValue spec={spec} field={field} value={value} />}
              </td>
              <td>
                <LastSeen at={lastSeen} now={now} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
