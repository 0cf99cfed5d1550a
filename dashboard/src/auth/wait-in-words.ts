const unitText = (locale: string, value: number, unit: 'second' | 'minute' | 'hour') => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);

/** A wait of some seconds as a person says it, rounded up to whole minutes past the first one: "15 menit", "1 hour 5 minutes". */
export function waitInWords(seconds: number, locale: string): string {
  if (seconds < 60) return unitText(locale, Math.max(1, Math.ceil(seconds)), 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return unitText(locale, minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? unitText(locale, hours, 'hour') : `${unitText(locale, hours, 'hour')} ${unitText(locale, rest, 'minute')}`;
}
