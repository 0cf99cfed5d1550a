import type { FastifyRequest } from 'fastify';

/** Keys whose values never reach the audit log: secrets, passwords, tokens, keys. */
const secretKey = /secret|password|passphrase|token|key|credential|authorization/i;
const maxSummaryChars = 1_000;
const maxTargetChars = 200; // a body refused for its shape may name anything

/** The body as JSON with every secret replaced, shortened; a body that is not JSON by its size and type. */
export function summariseBody(request: FastifyRequest): string {
  const { body } = request;
  if (body === undefined || body === null) return '';
  if (typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') {
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : Number(request.headers['content-length'] ?? 0);
    return `<${bytes} bytes ${request.headers['content-type'] ?? 'of unknown type'}>`;
  }
  const json = JSON.stringify(body, (name, value: unknown) => (name !== '' && secretKey.test(name) ? '[redacted]' : value));
  return json.length <= maxSummaryChars ? json : `${json.slice(0, maxSummaryChars - 1)}…`;
}

/** What the request acted on: its path parameters (a device id, a kind), else an `id` or `username` its body names (an account created, a sign-in tried). */
export function auditTarget(request: FastifyRequest): string | null {
  const params = Object.values((request.params ?? {}) as Record<string, unknown>).filter((value) => typeof value === 'string' && value !== '');
  if (params.length > 0) return params.join('/');
  if (typeof request.body !== 'object' || request.body === null) return null;
  const { id, username } = request.body as { id?: unknown; username?: unknown };
  const named = typeof id === 'string' && id !== '' ? id : username;
  return typeof named === 'string' && named !== '' ? named.slice(0, maxTargetChars) : null;
}
