import type { ReportLanguage } from '@kendali/contracts';
import { gatherReport, type ReportSources } from './report-data';
import type { ReportPeriod } from './report-period';
import { renderReportPdf } from './report-pdf';

/** One report, ready to send or keep. */
export interface ReportFile {
  readonly period: ReportPeriod;
  readonly lang: ReportLanguage;
  readonly generatedAtMs: number;
  readonly pdf: Buffer;
}

/** Gathers a period's figures and draws them: what the route answers and the schedule writes. */
export async function makeReport(period: ReportPeriod, lang: ReportLanguage, sources: ReportSources): Promise<ReportFile> {
  const data = await gatherReport(period, sources);
  return { period, lang, generatedAtMs: data.generatedAtMs, pdf: await renderReportPdf(data, lang) };
}
