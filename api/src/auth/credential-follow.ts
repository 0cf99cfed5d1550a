import type { FastifyRequest } from 'fastify';
import { roleSatisfies, type Role } from '@kendali/contracts';
import type { ApiTokens, Displays, Sessions } from '@kendali/ingest';

export interface CredentialFollowOptions {
  readonly tokens: Pick<ApiTokens, 'current'>;
  readonly displays: Pick<Displays, 'active'>;
  readonly sessions: Pick<Sessions, 'use'>;
  /** How often the credentials of open streams are looked at again, ms. */
  readonly everyMs: number;
}

interface Followed {
  readonly end: () => void;
  /** The session cookie's id, for a stream opened by a person signed in. */
  readonly sessionId: string | undefined;
}

/**
 * A stream (server-sent events) is checked once, when it opens; then it may stay open for days on a
 * wall. So the credential of every open stream is looked at again every `everyMs`: a display or token
 * revoked or expired, a token whose owner was disabled or lost the role the route needs, or a session
 * ended (signed out, disabled, a new password) ends its streams. Looking at a session uses it: an open
 * dashboard keeps its person's session from going idle, as a dashboard in use should.
 */
export function followCredentials({ tokens, displays, sessions, everyMs }: CredentialFollowOptions) {
  const followed = new Map<FastifyRequest, Followed>();
  const roleNow = ({ auth }: FastifyRequest, { sessionId }: Followed): Role | undefined => {
    if (auth === null) return undefined;
    if (auth.via === 'display') return displays.active(auth.id) === undefined ? undefined : auth.role;
    if (auth.via === 'session') return sessionId === undefined ? undefined : sessions.use(sessionId)?.user.role;
    return tokens.current(auth.id)?.role;
  };
  const timer = setInterval(() => {
    for (const [request, stream] of followed) {
      const needed = request.routeOptions.config.role;
      const role = roleNow(request, stream);
      if (needed === undefined || (role !== undefined && roleSatisfies(role, needed))) continue;
      followed.delete(request);
      stream.end();
    }
  }, everyMs);
  timer.unref();
  return {
    /** Calls `end` once the request's credential no longer holds; forgets the request when it closes. */
    follow(request: FastifyRequest, end: () => void, sessionId?: string): void {
      if (request.auth === null) return;
      followed.set(request, { end, sessionId: request.auth.via === 'session' ? sessionId : undefined });
      request.raw.once('close', () => followed.delete(request));
    },
    stop: () => clearInterval(timer),
  };
}
