import type { CityZone, ReportLanguage } from '@kendali/contracts';
import type { ReportPeriod } from './report-period';

/** Numbers, durations and dates as a reader of the report's language writes them, on the city's clock. */
export class ReportFormat {
  readonly #locale: string;

  constructor(
    private readonly lang: ReportLanguage,
    private readonly zone: CityZone,
  ) {
    this.#locale = lang === 'id' ? 'id-ID' : 'en-GB';
  }

  number(value: number, maximumFractionDigits = 0): string {
    return new Intl.NumberFormat(this.#locale, { maximumFractionDigits }).format(value);
  }

  percent(share: number): string {
    return new Intl.NumberFormat(this.#locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
  }

  /** A time to acknowledge: seconds, minutes or hours and minutes. */
  duration(ms: number): string {
    const [second, minute, hour] = this.lang === 'id' ? ['dtk', 'mnt', 'j'] : ['s', 'min', 'h'];
    const totalSeconds = Math.round(ms / 1000);
    if (totalSeconds < 60) return `${totalSeconds} ${second}`;
    const totalMinutes = Math.round(totalSeconds / 60);
    if (totalMinutes < 60) return `${this.number(totalSeconds / 60, 1)} ${minute}`;
    return `${Math.floor(totalMinutes / 60)} ${hour} ${totalMinutes % 60} ${minute}`;
  }

  /** "Selasa, 10 Maret 2026" for a day, "Maret 2026" for a month. */
  period(period: ReportPeriod): string {
    const options: Intl.DateTimeFormatOptions =
      period.kind === 'daily' ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } : { month: 'long', year: 'numeric' };
    return new Intl.DateTimeFormat(this.#locale, { ...options, timeZone: this.zone.timeZone }).format(period.fromMs);
  }

  /** "11 Maret 2026 00.05 WIB". */
  dateTime(atMs: number): string {
    const text = new Intl.DateTimeFormat(this.#locale, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: this.zone.timeZone }).format(atMs);
    return `${text} ${this.zone.abbreviation}`;
  }
}
