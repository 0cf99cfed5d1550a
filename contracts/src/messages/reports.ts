import { Type, type Static } from 'typebox';
import { Message, StringEnum } from './schema-builders';

/** The languages a report is written in: Bahasa Indonesia (the default) or English. */
export const reportLanguages = ['id', 'en'] as const;
export type ReportLanguage = (typeof reportLanguages)[number];

/** Daily reports cover one day of the city, monthly ones one calendar month of it. */
export const reportPeriodKinds = ['daily', 'monthly'] as const;
export type ReportPeriodKind = (typeof reportPeriodKinds)[number];

const Language = StringEnum<ReportLanguage>(reportLanguages, { default: 'id', description: 'id (Bahasa Indonesia, default) or en' });

/** `GET /api/reports/daily`: the PDF report of one day of the room's city. */
export const DailyReportQuerySchema = Message({
  date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: "The day, YYYY-MM-DD, on the room city's clock (midnight to midnight)" }),
  lang: Language,
});
export type DailyReportQuery = Static<typeof DailyReportQuerySchema>;

/** `GET /api/reports/monthly`: the PDF report of one calendar month of the room's city. */
export const MonthlyReportQuerySchema = Message({
  month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: "The month, YYYY-MM, on the room city's clock" }),
  lang: Language,
});
export type MonthlyReportQuery = Static<typeof MonthlyReportQuerySchema>;
