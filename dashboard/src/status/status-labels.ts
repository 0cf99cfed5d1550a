import type { AlarmSeverity, IspuCategory, SiagaLevel } from '@kendali/contracts';
import { ispuCategoryInfo } from '@kendali/contracts';
import type { Language, Messages } from '../i18n/messages';

/** The category's name in the reader's language, as the regulation writes it in Indonesian. */
export function ispuLabel(category: IspuCategory, lang: Language): string {
  return ispuCategoryInfo[category][lang];
}

export function siagaLabel(level: SiagaLevel, t: Messages): string {
  return { 4: t.siaga4, 3: t.siaga3, 2: t.siaga2, 1: t.siaga1 }[level];
}

export function severityLabel(severity: AlarmSeverity, t: Messages): string {
  return { critical: t.severityCritical, major: t.severityMajor, minor: t.severityMinor, warning: t.severityWarning }[severity];
}
