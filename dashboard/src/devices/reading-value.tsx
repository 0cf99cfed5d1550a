import { valueLabel, type DeviceKindSpec, type FieldValue } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { fieldSpec, readingDigits } from './device-rows';

/** One field of a reading in the reader's locale, with its unit (none for a kind the dashboard does not know). */
export function ReadingValue({ spec: kindSpec, field, value }: { readonly spec: DeviceKindSpec | undefined; readonly field: string; readonly value: FieldValue }) {
  const { t, format, lang } = useI18n();
  const spec = fieldSpec(kindSpec, field);
  if (typeof value === 'boolean') return <span className="reading-value">{value ? t.valueYes : t.valueNo}</span>;
  // A string field's value in the profile's words for the reader's language; the value as sent where it has none.
  if (typeof value === 'string') return <span className="reading-value" title={value}>{valueLabel(spec, value, lang)}</span>;
  const unit = spec?.unit && spec.unit !== 'ratio' ? spec.unit : null;
  return (
    <span className="reading-value">
      {format.number(value, readingDigits(spec, value))}
      {unit && <span className="reading-unit"> {unit}</span>}
    </span>
  );
}
