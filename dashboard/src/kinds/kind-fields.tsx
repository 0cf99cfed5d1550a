import type { DeviceProfile, ProfileField } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import type { Language } from '../i18n/messages';

/** A field's plausible range as people write it: `0 … 1000`, `≥ 0`, `≤ 5`, or a dash. */
function rangeText(field: ProfileField, number: (value: number) => string): string {
  if (field.min !== undefined && field.max !== undefined) return `${number(field.min)} … ${number(field.max)}`;
  if (field.min !== undefined) return `≥ ${number(field.min)}`;
  if (field.max !== undefined) return `≤ ${number(field.max)}`;
  return '—';
}

/** A string field's values, each with its label in the reader's language where the profile gives one. */
function ValueList({ field, lang }: { readonly field: ProfileField; readonly lang: Language }) {
  return (
    <ul className="kind-values">
      {(field.values ?? []).map((value) => {
        const label = field.valueLabels?.[value]?.[lang];
        return (
          <li key={value} data-value={value}>
            <code>{value}</code>
            {label !== undefined && label !== value && <span className="kind-value-label"> {label}</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** A profile's fields: name, label in the reader's language, type, unit, range or values, required, quantity, headline. */
export function KindFields({ profile }: { readonly profile: DeviceProfile }) {
  const { t, lang, format } = useI18n();
  const headline = profile.headline ?? Object.entries(profile.fields).find(([, field]) => field.required === true)?.[0];
  const number = (value: number) => format.number(value, Number.isInteger(value) ? 0 : 2);
  return (
    <table className="reading-table kind-fields">
      <thead>
        <tr>
          <th scope="col">{t.kindFieldName}</th>
          <th scope="col">{t.kindFieldLabel}</th>
          <th scope="col">{t.kindFieldType}</th>
          <th scope="col">{t.kindFieldUnit}</th>
          <th scope="col">{t.kindFieldRange}</th>
          <th scope="col">{t.kindFieldRequired}</th>
          <th scope="col">{t.kindFieldQuantity}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(profile.fields).map(([name, field]) => (
          <tr key={name} data-field={name}>
            <td>
              <code>{name}</code>
              {name === headline && <span className="kind-headline"> ★ {t.kindHeadline}</span>}
            </td>
            <td title={field.description}>{field.labels?.[lang] ?? name}</td>
            <td>
              <code>{field.type}</code>
            </td>
            <td>{field.unit ?? '—'}</td>
            <td className="kind-range">{field.type === 'string' ? <ValueList field={field} lang={lang} /> : rangeText(field, number)}</td>
            <td>{field.required === true ? '✓' : ''}</td>
            <td>{field.quantity === undefined ? '—' : <code>{field.quantity}</code>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
