import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { roleSatisfies, type ApiToken, type Role } from '@kendali/contracts';
import type { ApiTokens } from '@kendali/ingest';
import { apiErrors } from '../errors';

export interface AuthPluginOptions {
  readonly tokens: ApiTokens;
}

// The scheme is case-insensitive and followed by one or more spaces [RFC 7235 §2.1, RFC 6750 §2.1].
const bearerCredentials = /^bearer +(\S.*)$/i;

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
 * Every route that declares `config.role` needs a token of at least that role; routes without one
 * (health, docs, the dashboard's files) are public. The matched token is on `request.auth`.
 */
const authPlugin: FastifyPluginAsync<AuthPluginOptions> = async (app, { tokens }) => {
  const protectedRoutes: { method: string; url: string; role: Role }[] = [];
  app.decorate('protectedRoutes', protectedRoutes);
  // Fail at start-up, not in production, if an /api route forgets to say who may call it.
  app.addHook('onRoute', (route) => {
    const role = route.config?.role;
    const methods = [route.method].flat().filter((method) => method !== 'HEAD');
    if (role !== undefined) for (const method of methods) protectedRoutes.push({ method, url: route.url, role });
    else if (route.url.startsWith('/api/')) throw new Error(`route ${methods.join(',')} ${route.url} declares no role (config.role)`);
  });
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const needed = request.routeOptions.config.role;
    if (needed === undefined) return;
    const presented = presentedToken(request);
    if (presented === undefined) throw new apiErrors.KENDALI_ERR_AUTH_REQUIRED();
    const token = tokens.verify(presented);
    if (token === undefined) throw new apiErrors.KENDALI_ERR_AUTH_INVALID();
    request.auth = token; // known even when refused below, so the audit log names who tried
    if (!roleSatisfies(token.role, needed)) throw new apiErrors.KENDALI_ERR_FORBIDDEN(needed, token.role);
  });
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
  }
  interface FastifyRequest {
    auth: ApiToken | null;
  }
}
