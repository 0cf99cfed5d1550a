import type { DeviceKind, Reading } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { compactAge } from '../i18n/compact-age';
import { useKinds } from '../kinds/kinds-context';
import { fieldLabel } from '../kinds/kind-text';
import { fieldSpec } from './device-rows';
import { ReadingValue } from './reading-value';

/**
 * Every field of the device's kind with the newest stored value, its unit and whether it is
 * required; for a kind the dashboard does not know, the reading's own fields as they came.
 */
export function LatestReading({ kind, reading, now }: { readonly kind: DeviceKind; readonly reading: Reading | null; readonly now: number }) {
  const { t, lang, format } = useI18n();
  const spec = useKinds().kinds.spec(kind);
  const fields = spec ? Object.keys(spec.fields) : Object.keys(reading?.fields ?? {});
  return (
    <section className="latest-reading">
      <h3>
        {t.latestTitle}
        {reading && (
          <span className="section-note">
            {t.latestMeasured} {format.clock(reading.ts)} {format.zone} · {compactAge(now - reading.ts, lang)}
          </span>
        )}
      </h3>
      {spec === undefined && <p className="muted">{t.kindUnknownRaw}</p>}
      {reading === null && <p className="muted">{t.latestNone}</p>}
      <table className="reading-table">
        <tbody>
          {fields.map((field) => {
            const value = reading?.fields[field];
            const unit = fieldSpec(spec, field)?.unit;
            const label = fieldLabel(spec, field, lang);
            return (
              <tr key={field}>
                <th scope="row">
                  {label !== field && <span className="field-label">{label} </span>}
                  <code>{field}</code>
                  {spec?.required.includes(field) === true && <span className="required-mark"> · {t.requiredField}</span>}
                </th>
                <td>{value === undefined ? <span className="muted">— {unit && unit !== 'ratio' ? unit : ''}</span> : <ReadingValue spec={spec} field={field} value={value} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
