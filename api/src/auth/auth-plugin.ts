import { createHash, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { displayIdentity, roleSatisfies, type Display, type Role, type WhoAmI } from '@kendali/contracts';
import { displayCredentialPrefix, type ApiTokens, type Displays, type Sessions } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { followCredentials } from './credential-follow';
import { personActing } from './person-acting';

export interface AuthPluginOptions {
  readonly tokens: Pick<ApiTokens, 'check' | 'current'>;
  readonly sessions: Pick<Sessions, 'use'>;
  readonly displays: Pick<Displays, 'check' | 'active'>;
  /** How often open streams are checked against their credential (revoked, expired, owner demoted), ms. */
  readonly followEveryMs?: number;
  /** The secret an external broker presents on the routes marked `config.brokerHook`; null = those routes are off. */
  readonly brokerHookSecret?: string | null;
}

/** The cookie that carries a person's session (HttpOnly, SameSite=Strict; Secure over HTTPS). */
export const sessionCookie = 'kendali_session';
/** The header a cookie-authenticated write must carry, holding the session's CSRF token. */
const csrfHeader = 'x-csrf-token';

// The scheme is case-insensitive and followed by one or more spaces [RFC 7235 §2.1, RFC 6750 §2.1].
const bearerCredentials = /^bearer +(\S.*)$/i;
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Compares a presented secret with the expected one in constant time, whatever their lengths (their digests are compared). */
const sameSecret = (presented: string, expected: string) => timingSafeEqual(createHash('sha256').update(presented).digest(), createHash('sha256').update(expected).digest());

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
 * make the browser send the cookie, never read the token). A wall screen's display credential
 * (`kdd_…`, presented like a token) may call only the routes marked `config.display`. Who acts is on
 * `request.auth`. A stream (server-sent events) stays open only while its credential holds: one
 * revoked, expired, or whose owner lost the role the route needs ends within `followEveryMs`.
 *
 * Routes marked `config.brokerHook` are called by an external MQTT broker, not by people: they take
 * only `Authorization: Bearer <brokerHookSecret>` (no token, session or display credential), and
 * answer 404 when no secret is set.
 */
const authPlugin: FastifyPluginAsync<AuthPluginOptions> = async (app, { tokens, sessions, displays, followEveryMs = 1_000, brokerHookSecret = null }) => {
  await app.register(cookie);
  const protectedRoutes: { method: string; url: string; role: Role; display: boolean }[] = [];
  const brokerHookRoutes: { method: string; url: string }[] = [];
  app.decorate('protectedRoutes', protectedRoutes);
  app.decorate('brokerHookRoutes', brokerHookRoutes);
  // Fail at start-up, not in production, if an /api route forgets to say who may call it.
  app.addHook('onRoute', (route) => {
    const role = route.config?.role;
    const methods = [route.method].flat().filter((method) => method !== 'HEAD');
    if (route.config?.brokerHook === true) {
      if (role !== undefined || route.config.public === true || route.config.display === true) throw new Error(`route ${methods.join(',')} ${route.url} is a broker hook: only the broker's secret opens it, not a role, a display or anyone`);
      for (const method of methods) brokerHookRoutes.push({ method, url: route.url });
      return;
    }
    if (role !== undefined) for (const method of methods) protectedRoutes.push({ method, url: route.url, role, display: route.config?.display === true });
    else if (route.url.startsWith('/api/') && route.config?.public !== true) throw new Error(`route ${methods.join(',')} ${route.url} declares no role (config.role)`);
    if (route.config?.display === true && role !== 'viewer') throw new Error(`route ${methods.join(',')} ${route.url} is marked for displays but needs ${role ?? 'no role'}: a display reads only (viewer)`);
  });
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.brokerHook === true) {
      if (brokerHookSecret === null) throw new apiErrors.KENDALI_ERR_BROKER_HOOKS_OFF();
      const presented = bearerCredentials.exec(request.headers.authorization ?? '')?.[1]?.trim();
      if (presented === undefined || !sameSecret(presented, brokerHookSecret)) throw new apiErrors.KENDALI_ERR_BROKER_HOOK_SECRET();
      return;
    }
    const needed = request.routeOptions.config.role;
    if (needed === undefined) return;
    const actor = identify(request);
    request.auth = actor; // known even when refused below, so the audit log names who tried
    if (actor.via === 'display' && request.routeOptions.config.display !== true) throw new apiErrors.KENDALI_ERR_DISPLAY_FORBIDDEN(`${request.method} ${request.routeOptions.url ?? request.url}`);
    if (!roleSatisfies(actor.role, needed)) throw new apiErrors.KENDALI_ERR_FORBIDDEN(needed, actor.role);
  });

  const streams = followCredentials({ tokens, displays, sessions, everyMs: followEveryMs });
  app.decorate('followCredential', (request: FastifyRequest, end: () => void) => streams.follow(request, end, request.cookies[sessionCookie]));
  app.addHook('onClose', async () => streams.stop());

  function identify(request: FastifyRequest): WhoAmI {
    const presented = presentedToken(request);
    if (presented?.startsWith(displayCredentialPrefix)) {
      const check = displays.check(presented);
      if (check.ok) return displayActor(check.display);
      if (check.reason === 'expired') throw new apiErrors.KENDALI_ERR_DISPLAY_EXPIRED(new Date(check.display.expiresAt).toISOString());
      throw new apiErrors.KENDALI_ERR_AUTH_INVALID();
    }
    if (presented !== undefined) {
      const check = tokens.check(presented);
      if (check.ok) return { ...check.token, via: 'token', username: null };
      if (check.reason === 'expired') throw new apiErrors.KENDALI_ERR_TOKEN_EXPIRED(check.token.expiresAt ?? '');
      if (check.reason === 'owner-inactive') throw new apiErrors.KENDALI_ERR_TOKEN_OWNER_INACTIVE(check.token.owner);
      throw new apiErrors.KENDALI_ERR_AUTH_INVALID();
    }
    const sessionId = request.cookies[sessionCookie];
    if (sessionId === undefined) throw new apiErrors.KENDALI_ERR_AUTH_REQUIRED();
    const session = sessions.use(sessionId);
    if (session === undefined) throw new apiErrors.KENDALI_ERR_SESSION_ENDED();
    if (!safeMethods.has(request.method) && request.headers[csrfHeader] !== session.csrfToken) throw new apiErrors.KENDALI_ERR_CSRF();
    return personActing(session);
  }
};

/** A wall screen as requests name it: it reads as a viewer, on the routes marked for displays. */
const displayActor = (display: Display): WhoAmI => ({ ...displayIdentity(display), via: 'display', username: null });

export const auth = fp(authPlugin, { name: 'kendali-auth' });

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route that needs a token, with the least role it needs and whether a wall's display credential may call it. */
    protectedRoutes: readonly { method: string; url: string; role: Role; display: boolean }[];
    /** Every route an external broker calls with the hook secret (`config.brokerHook`). */
    brokerHookRoutes: readonly { method: string; url: string }[];
    /** Calls `end` once the credential of a long-lived request (a stream) no longer holds: revoked, expired, its owner demoted, a session ended. */
    followCredential(request: FastifyRequest, end: () => void): void;
  }
  interface FastifyContextConfig {
    /** Least role a token needs for this route; absent = public. */
    role?: Role;
    /** An /api route anyone may call (signing in): it must say so, or the API refuses to start. */
    public?: true;
    /** A route a wall screen's display credential may call (what `/wall` reads); display credentials get 403 elsewhere. */
    display?: true;
    /** A route an external MQTT broker calls (its authentication and authorisation hooks): it takes the hook secret only. */
    brokerHook?: true;
  }
  interface FastifyRequest {
    auth: WhoAmI | null;
  }
}
