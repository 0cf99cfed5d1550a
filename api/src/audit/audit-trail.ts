import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { AuditLog } from '@kendali/ingest';
import { auditTarget, summariseBody } from './audit-summary';

export interface AuditTrailOptions {
  readonly audit: Pick<AuditLog, 'append'>;
}

const reads = new Set(['GET', 'HEAD', 'OPTIONS']);
const isStream = (payload: unknown) => typeof (payload as { pipe?: unknown } | null)?.pipe === 'function';

/**
 * Records every write made through the API in the audit log, refused ones too (a 401 or 403 is what
 * an auditor looks for), before the answer leaves: a client that saw its write answered knows it
 * was recorded (a streamed answer excepted, see below). A log that cannot be written is reported and does not undo the write already made.
 */
const auditTrailPlugin: FastifyPluginAsync<AuditTrailOptions> = async (app, { audit }) => {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reads.has(request.method) || !request.url.startsWith('/api/')) return payload;
    // An external broker's questions (may this client connect, publish, subscribe?) change nothing, and come at every connect.
    if (request.routeOptions.config.brokerHook === true) return payload;
    const route = request.routeOptions.url ?? request.url.split('?')[0]!;
    const recorded = audit
      .append({
        actor: request.auth?.name ?? 'anonymous',
        role: request.auth?.role ?? null,
        address: request.ip,
        action: request.routeOptions.config.auditActions?.[reply.statusCode] ?? `${request.method} ${route}`,
        target: auditTarget(request),
        status: reply.statusCode,
        summary: summariseBody(request),
      })
      .catch((error: unknown) => request.log.error({ err: error, action: `${request.method} ${route}` }, 'audit log: this write was not recorded'));
    // A streamed answer (a backup) may hold the database until it is read: it is not held up for the record.
    if (!isStream(payload)) await recorded;
    return payload;
  });
};

export const auditTrail = fp(auditTrailPlugin, { name: 'kendali-audit-trail' });

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the log calls this route's outcome, by answer status (`{ 200: 'sign-in' }`); others are `<METHOD> <route>`. */
    auditActions?: Readonly<Partial<Record<number, string>>>;
  }
}
