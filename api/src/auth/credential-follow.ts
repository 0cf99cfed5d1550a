import type { FastifyRequest } from 'fastify';
import { roleSatisfies } from '@kendali/contracts';
import type { ApiTokens, Displays } from '@kendali/ingest';

export interface CredentialFollowOptions {
  readonly tokens: Pick<ApiTokens, 'current'>;
  readonly displays: Pick<Displays, 'active'>;
  /** How often the credentials of open streams are looked at again, ms. */
  readonly everyMs: number;
}

/**
 * A stream (server-sent events) is checked once, when it opens; then it may stay open for days on a
 * wall. So the credential of every open stream is looked at again every `everyMs`: a display or token
 * revoked or expired, or a token whose owner was disabled or lost the role the route needs, ends its
 * streams. A session is checked at each of its requests; its person's streams end with the page.
 */
export function followCredentials({ tokens, displays, everyMs }: CredentialFollowOptions) {
  const followed = new Map<FastifyRequest, () => void>();
  const stillHolds = ({ auth, routeOptions }: FastifyRequest): boolean => {
    const needed = routeOptions.config.role;
    if (auth === null || needed === undefined) return true;
    if (auth.via === 'display') return displays.active(auth.id) !== undefined;
    const token = tokens.current(auth.id);
    return token !== undefined && roleSatisfies(token.role, needed);
  };
  const timer = setInterval(() => {
    for (const [request, end] of followed) {
      if (stillHolds(request)) continue;
      followed.delete(request);
      end();
    }
  }, everyMs);
  timer.unref();
  return {
    /** Calls `end` once the request's credential no longer holds; forgets the request when it closes. */
    follow(request: FastifyRequest, end: () => void): void {
      if (request.auth === null || request.auth.via === 'session') return;
      followed.set(request, end);
      request.raw.once('close', () => followed.delete(request));
    },
    stop: () => clearInterval(timer),
  };
}
