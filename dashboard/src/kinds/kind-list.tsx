import type { StoredProfile } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { changedAtText } from './kind-text';

interface KindListProps {
  readonly profiles: readonly StoredProfile[];
  readonly selected: string | null;
  readonly onSelect: (kind: string) => void;
}

/** Every kind the platform knows, the version in force of each; a row is picked with the pointer or Enter. */
export function KindList({ profiles, selected, onSelect }: KindListProps) {
  const { t, lang, format } = useI18n();
  return (
    <table className="device-table kind-table">
      <thead>
        <tr>
          <th scope="col">{t.kindColumnLabel}</th>
          <th scope="col">{t.kindColumnVersion}</th>
          <th scope="col">{t.kindColumnFields}</th>
          <th scope="col">{t.kindColumnChanged}</th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((stored) => {
          return (
            <tr
              key={stored.kind}
              className={stored.kind === selected ? 'is-selected' : undefined}
              aria-selected={stored.kind === selected}
              tabIndex={0}
              data-kind={stored.kind}
              onClick={() => onSelect(stored.kind)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onSelect(stored.kind);
                }
              }}
            >
              <td>
                <span className="cell-main">{stored.profile.labels[lang]}</span>
                <code className="cell-sub">{stored.kind}</code>
              </td>
              <td>
                <span className="cell-main">v{stored.version}</span>
                <span className={`cell-sub kind-origin${stored.builtIn ? '' : ' is-custom'}`}>{stored.builtIn ? t.kindBuiltIn : t.kindCustom}</span>
              </td>
              <td className="latest-cell">{Object.keys(stored.profile.fields).length}</td>
              <td>
                <span className="cell-main">{stored.changedBy}</span>
                <time className="cell-sub" dateTime={stored.changedAt}>
                  {changedAtText(stored.changedAt, format)}
                </time>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
