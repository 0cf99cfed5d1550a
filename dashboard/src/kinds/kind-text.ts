import type { DeviceKind, DeviceKindSpec, FieldSpec } from '@kendali/contracts';
import type { Formatters } from '../i18n/format';
import type { Language } from '../i18n/messages';

/** A kind's name in the reader's language, or its id where the dashboard does not know the kind. */
export function kindLabel(spec: DeviceKindSpec | undefined, kind: DeviceKind, lang: Language): string {
  return spec?.label[lang] ?? kind;
}

/** A field's name in the reader's language, from the profile; the field's own name where it has none. */
export function fieldLabel(spec: DeviceKindSpec | undefined, field: string, lang: Language): string {
  const known: FieldSpec | undefined = spec?.fields[field];
  return known?.labels?.[lang] ?? field;
}

/** When a profile version was made, with its year (versions outlive the year they were made in), in the room's zone. */
export function changedAtText(changedAt: string, format: Formatters): string {
  const at = Date.parse(changedAt);
  return Number.isNaN(at) ? changedAt : `${format.date(at)}, ${format.shortTime(at)} ${format.zone}`;
}
