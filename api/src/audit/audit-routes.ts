import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import { Type } from 'typebox';
import { AuditEntrySchema, AuditQuerySchema, AuditVerificationSchema, type AuditEntry } from '@kendali/contracts';
import type { AuditLog } from '@kendali/ingest';

export interface AuditRoutesOptions {
  readonly audit: Pick<AuditLog, 'query' | 'verify'>;
}

const csvColumns = ['seq', 'at (UTC)', 'actor', 'role', 'address', 'action', 'target', 'status', 'summary', 'prev_hash', 'hash'];

// A spreadsheet runs a cell that starts like a formula: such text is written with a leading quote (OWASP, CSV injection).
const inert = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((entry) => [
    entry.seq,
    new Date(entry.at).toISOString(),
    inert(entry.actor),
    entry.role ?? '',
    entry.address,
    entry.action,
    inert(entry.target ?? ''),
    entry.status,
    inert(entry.summary),
    entry.prevHash,
    entry.hash,
  ]);
  return `\uFEFF${stringify([csvColumns, ...rows])}`;
}

/** The audit log, for admins: browse and download it, and check that nothing in it was changed. */
export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, { audit }) => {
  app.get(
    '/api/audit',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Audit log entries, newest first, by actor, target and time (`format=csv` to download); page with `before`',
        tags: ['auth'],
        querystring: AuditQuerySchema,
        produces: ['application/json', 'text/csv'],
        response: {
          200: {
            description: 'The entries; with format=csv, the same as a CSV file (an attachment)',
            content: { 'application/json': { schema: Type.Array(AuditEntrySchema) }, 'text/csv': { schema: Type.String() } },
          },
        },
      },
    },
    async (request, reply) => {
      const { actor, target, from, to, before, limit, format } = request.query;
      const entries = await audit.query({
        limit,
        ...(actor === undefined ? {} : { actor }),
        ...(target === undefined ? {} : { target }),
        ...(from === undefined ? {} : { fromMs: from }),
        ...(to === undefined ? {} : { toMs: to }),
        ...(before === undefined ? {} : { beforeSeq: before }),
      });
      if (format === 'json') return entries;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="kendali-audit.csv"').send(auditCsv(entries));
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Walk the whole hash chain of the audit log: whether any entry was changed or deleted, and the first one that was',
        tags: ['auth'],
        response: { 200: AuditVerificationSchema },
      },
    },
    async () => audit.verify(),
  );
};
