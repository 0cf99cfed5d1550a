import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Logger } from 'pino';
import type { ReportFile } from '@kendali/api';
import { defaultWebhookOptions, postWebhook } from '@kendali/ingest';
import type { PlatformConfig } from './config';

/** The JSON part of a report webhook: what the attached PDF is. */
export interface ReportNotice {
  readonly event: 'report';
  readonly kind: ReportFile['period']['kind'];
  /** `YYYY-MM-DD` or `YYYY-MM`, on the room's clock. */
  readonly period: string;
  /** ms epoch, `to` exclusive. */
  readonly from: number;
  readonly to: number;
  readonly lang: ReportFile['lang'];
  readonly generatedAt: number;
  /** The file's name in `<dataDir>/reports/`. */
  readonly file: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/** The report as multipart/form-data: a `report` part (JSON, a ReportNotice) and a `file` part (application/pdf). */
async function reportWebhookBody(report: ReportFile, path: string): Promise<{ body: Uint8Array; contentType: string; notice: ReportNotice }> {
  const notice: ReportNotice = {
    event: 'report',
    kind: report.period.kind,
    period: report.period.label,
    from: report.period.fromMs,
    to: report.period.toMs,
    lang: report.lang,
    generatedAt: report.generatedAtMs,
    file: basename(path),
    sizeBytes: report.pdf.length,
    sha256: createHash('sha256').update(report.pdf).digest('hex'),
  };
  const form = new FormData();
  form.append('report', new Blob([JSON.stringify(notice)], { type: 'application/json' }));
  form.append('file', new Blob([report.pdf], { type: 'application/pdf' }), `kendali-${report.period.label}-${report.lang}.pdf`);
  // Serialised here rather than by fetch, so that the exact bytes sent can be signed.
  const encoded = new Response(form);
  return { body: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')!, notice };
}

/**
 * POSTs each report to the report webhooks, signed and retried as alarm webhooks are; a receiver
 * that gives up is logged, and the report stays on disk.
 */
export function deliverReports(settings: Pick<PlatformConfig['reports'], 'webhookUrls'> & { readonly secret: string | null }, logger: Logger) {
  const options = { ...defaultWebhookOptions, ...(settings.secret ? { secret: settings.secret } : {}) };
  return async (report: ReportFile, path: string): Promise<void> => {
    if (settings.webhookUrls.length === 0) return;
    const { body, contentType } = await reportWebhookBody(report, path);
    await Promise.all(
      settings.webhookUrls.map(async (url) => {
        try {
          const attempts = await postWebhook(url, { body, contentType, userAgent: 'kendali-reports' }, options, (attempt, error) =>
            logger.debug({ url, report: report.period.label, attempts: attempt, err: error }, 'report webhook attempt failed; retrying'),
          );
          logger.info({ url, report: report.period.label, attempts }, 'report delivered');
        } catch (error) {
          logger.warn({ url, report: report.period.label, err: error }, 'report webhook gave up');
        }
      }),
    );
  };
}
