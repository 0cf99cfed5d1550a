import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DailyReportQuerySchema, MonthlyReportQuerySchema, type ReportLanguage, type ReportPeriodKind } from '@kendali/contracts';
import { storageStatus, type TelemetryReads } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';
import { makeReport } from './make-report';
import type { ReportSources } from './report-data';
import { periodOf } from './report-period';

export interface ReportRoutesOptions {
  readonly sources: ReportSources & { readonly telemetry: Pick<TelemetryReads, 'historyAcross' | 'health' | 'storedCount'> };
}

const PdfAnswer = (description: string) => ({ description, content: { 'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } });

/**
 * The executives' reports as PDF, drawn on the server: a day or a month of the room's city. Viewer
 * role: they show what the wall shows, summed up, and a wall's display token may fetch them.
 */
export const reportRoutes: FastifyPluginAsyncTypebox<ReportRoutesOptions> = async (app, { sources }) => {
  const zone = sources.cities[0]!.zone;

  const answer = async (kind: ReportPeriodKind, label: string, lang: ReportLanguage) => {
    const period = periodOf(kind, label, zone.timeZone);
    if (period === undefined) throw new apiErrors.KENDALI_ERR_RANGE_INVALID(`${kind === 'daily' ? `"date" ${label}` : `"month" ${label}`} is not a date of the calendar (from 1970 on)`);
    if (period.fromMs > sources.clock.now()) {
      throw new apiErrors.KENDALI_ERR_RANGE_INVALID(`${label} has not begun in ${zone.abbreviation}; a report covers a period that has begun (one under way covers it up to now)`);
    }
    return makeReport(period, lang, sources).catch((error: unknown) => {
      const storage = storageStatus(sources.telemetry);
      if (!storage.ok) throw new apiErrors.KENDALI_ERR_STORE_UNAVAILABLE(storage.detail);
      throw error;
    });
  };

  app.get(
    '/api/reports/daily',
    {
      config: { role: 'viewer' },
      schema: {
        summary: "Daily report (PDF, A4) of one day of the room's city: ISPU per district, hours at each Siaga level per water post, alarms by severity and time to acknowledge, device availability, readings stored",
        tags: ['reports'],
        querystring: DailyReportQuerySchema,
        produces: ['application/pdf'],
        response: { 200: PdfAnswer('The report as a PDF'), 503: errorAnswer('The time-series store (InfluxDB) cannot be read now') },
      },
    },
    async (request, reply) => {
      const report = await answer('daily', request.query.date, request.query.lang);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="kendali-${report.period.label}-${report.lang}.pdf"`).send(report.pdf);
    },
  );

  app.get(
    '/api/reports/monthly',
    {
      config: { role: 'viewer' },
      schema: {
        summary: "Monthly report (PDF, A4) of one calendar month of the room's city, with the same figures as the daily one",
        tags: ['reports'],
        querystring: MonthlyReportQuerySchema,
        produces: ['application/pdf'],
        response: { 200: PdfAnswer('The report as a PDF'), 503: errorAnswer('The time-series store (InfluxDB) cannot be read now') },
      },
    },
    async (request, reply) => {
      const report = await answer('monthly', request.query.month, request.query.lang);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="kendali-${report.period.label}-${report.lang}.pdf"`).send(report.pdf);
    },
  );
};
