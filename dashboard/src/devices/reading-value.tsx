import type { DeviceKind, FieldValue } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { fieldSpec, readingDigits } from './device-rows';

/** One field of a reading in the reader's locale, with its unit. */
export function ReadingValue({ kind, field, value }: { readonly kind: DeviceKind; readonly field: string; readonly value: FieldValue }) {
  const { t, format } = useI18n();
  const spec = fieldSpec(kind, field);
  if (typeof value === 'boolean') return <span className="reading-value">{value ? t.valueYes : t.valueNo}</span>;
  const unit = spec?.unit && spec.unit !== 'ratio' ? spec.unit : null;
  return (
    <span className="reading-value">
      {format.number(value, readingDigits(spec, value))}
      {unit && <span className="reading-unit"> {unit}</span>}
    </span>
  );
}
