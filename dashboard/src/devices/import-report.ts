import type { DeviceCredential, ImportProblem, ImportReport } from '@kendali/contracts';

/**
 * ready: a dry run found nothing wrong; problems: a dry run found bad rows; empty: no device rows;
 * imported: the import went through; refused: the import was refused whole because of bad rows.
 */
export type ImportVerdict = 'ready' | 'problems' | 'empty' | 'imported' | 'refused';

export interface ImportSummary {
  readonly verdict: ImportVerdict;
  readonly valid: number;
  readonly create: number;
  readonly update: number;
  /** Every problem, by line number. */
  readonly problems: readonly ImportProblem[];
  /** Created devices' secrets, shown once (real import only). */
  readonly credentials: readonly DeviceCredential[];
}

export function summariseImport(report: ImportReport): ImportSummary {
  const problems = [...report.problems].sort((a, b) => a.line - b.line);
  const hasRows = report.valid > 0 || problems.length > 0;
  const verdict: ImportVerdict = !hasRows
    ? 'empty'
    : report.dryRun
      ? problems.length > 0 ? 'problems' : 'ready'
      : problems.length > 0 ? 'refused' : 'imported';
  return { verdict, valid: report.valid, create: report.toCreate.length, update: report.toUpdate.length, problems, credentials: report.credentials };
}

/** Body content type for an import: a JSON array, or CSV (anything else). */
export function importContentType(content: string): 'application/json' | 'text/csv' {
  return content.trimStart().startsWith('[') ? 'application/json' : 'text/csv';
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The secrets of imported devices as CSV (`id,secret`), for a one-time download. */
export function credentialsCsv(credentials: readonly DeviceCredential[]): string {
  return ['id,secret', ...credentials.map((c) => `${csvField(c.id)},${csvField(c.secret)}`)].join('\r\n') + '\r\n';
}
