import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { roleSatisfies, type Role, type WhoAmI } from '@kendali/contracts';
import type { ApiTokens, Sessions } from '@kendali/ingest';
import { apiErrors } from '../errors';

export interface AuthPluginOptions {
  readonly tokens: ApiTokens;
  readonly sessions: Pick<Sessions, 'use'>;
}

/** The cookie that carries a person's session (HttpOnly, SameSite=Strict; Secure over HTTPS). */
export const sessionCookie = 'kendali_session';
/** The header a cookie-authenticated write must carry, holding the session's CSRF token. */
const csrfHeader = 'x-csrf-token';

// The scheme is case-insensitive and followed by one or more spaces [RFC 7235 §2.1, RFC 6750 §2.1].
const bearerCredentials = /^bearer +(\S.*)$/i;
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token a request presents: `Authorization: Bearer …`, or `?token=` on GET (wall displays, EventSource). */
function presentedToken(request: FastifyRequest): string | undefined {
  const bearer = bearerCredentials.exec(request.headers.authorization ?? '');
  if (bearer) return bearer[1]!.trim();
  if (request.method === 'GET') {
    const query = request.query as Record<string, unknown> | undefined;
    if (typeof query?.token === 'string') return query.token;
  }
  return undefined;
}

/**
 * Every route that declares `config.role` needs a credential of at least that role: an API token,
 * or the session cookie of a person signed in; routes without one (health, docs, the dashboard's
 * files, signing in) are public. A token wins over a cookie sent with it. A write made with the
 * cookie must also carry the session's CSRF token in `X-CSRF-Token` (a page of another site can
 * make the browser send the cookie, never read the token). Who acts is on `request.auth`.
 */
const authPlugin: FastifyPluginAsync<AuthPluginOptions> = async (app, { tokens, sessions }) => {
  await app.register(cookie);
  const protectedRoutes: { method: string; url: string; role: Role }[] = [];
  app.decorate('protectedRoutes', protectedRoutes);
  // Fail at start-up, not in production, if an /api route forgets to say who may call it.
  app.addHook('onRoute', (route) => {
    const role = route.config?.role;
    const methods = [route.method].flat().filter((method) => method !== 'HEAD');
    if (role !== undefined) for (const method of methods) protectedRoutes.push({ method, url: route.url, role });
    else if (route.url.startsWith('/api/') && route.config?.public !== true) throw new Error(`route ${methods.join(',')} ${route.url} declares no role (config.role)`);
  });
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const needed = request.routeOptions.config.role;
    if (needed === undefined) return;
    const actor = identify(request);
    request.auth = actor; // known even when refused below, so the audit log names who tried
    if (!roleSatisfies(actor.role, needed)) throw new apiErrors.KENDALI_ERR_FORBIDDEN(needed, actor.role);
  });

  function identify(request: FastifyRequest): WhoAmI {
    const presented = presentedToken(request);
    if (presented !== undefined) {
      const token = tokens.verify(presented);
      if (token === undefined) throw new apiErrors.KENDALI_ERR_AUTH_INVALID();
      return { ...token, via: 'token', username: null };
    }
    const sessionId = request.cookies[sessionCookie];
    if (sessionId === undefined) throw new apiErrors.KENDALI_ERR_AUTH_REQUIRED();
    const session = sessions.use(sessionId);
    if (session === undefined) throw new apiErrors.KENDALI_ERR_SESSION_ENDED();
    if (!safeMethods.has(request.method) && request.headers[csrfHeader] !== session.csrfToken) throw new apiErrors.KENDALI_ERR_CSRF();
    const { user } = session;
    return { id: `user:${user.username}`, name: user.displayName, role: user.role, createdAt: new Date(user.createdAt).toISOString(), revoked: false, via: 'session', username: user.username };
  }
};

export const auth = fp(authPlugin, { name: 'kendali-auth' });

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route that needs a token, with the least role it needs. */
    protectedRoutes: readonly { method: string; url: string; role: Role }[];
  }
  interface FastifyContextConfig {
    /** Least role a token needs for this route; absent = public. */
    role?: Role;
    /** An /api route anyone may call (signing in): it must say so, or the API refuses to start. */
    public?: true;
  }
  interface FastifyRequest {
    auth: WhoAmI | null;
  }
}
