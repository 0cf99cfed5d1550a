import type { DeviceKind, Reading } from '@kendali/contracts';
import { builtInKinds, requireKind } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { compactAge } from '../i18n/compact-age';
import { fieldSpec } from './device-rows';
import { ReadingValue } from './reading-value';

/** Every field of the device's kind with the newest stored value, its unit and whether it is required. */
export function LatestReading({ kind, reading, now }: { readonly kind: DeviceKind; readonly reading: Reading | null; readonly now: number }) {
  const { t, lang, format } = useI18n();
  const spec = requireKind(builtInKinds, kind);
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
      {reading === null && <p className="muted">{t.latestNone}</p>}
      <table className="reading-table">
        <tbody>
          {Object.keys(spec.fields).map((field) => {
            const value = reading?.fields[field];
            const unit = fieldSpec(kind, field)?.unit;
            return (
              <tr key={field}>
                <th scope="row">
                  <code>{field}</code>
                  {(spec.required as readonly string[]).includes(field) && <span className="required-mark"> · {t.requiredField}</span>}
                </th>
                <td>{value === undefined ? <span className="muted">— {unit && unit !== 'ratio' ? unit : ''}</span> : <ReadingValue kind={kind} field={field} value={value} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
