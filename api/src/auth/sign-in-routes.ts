import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SignedInSchema, SignInRequestSchema } from '@kendali/contracts';
import type { Sessions, SignIn } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';
import { sessionCookie } from './auth-plugin';

export interface SignInRoutesOptions {
  readonly signIn: Pick<SignIn, 'attempt'>;
  readonly sessions: Pick<Sessions, 'end' | 'options'>;
}

const cookieOptions = (request: FastifyRequest) => ({ path: '/', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https' });

/** Signing in with a username and password (a session cookie) and signing out. */
export const signInRoutes: FastifyPluginAsyncTypebox<SignInRoutesOptions> = async (app, { signIn, sessions }) => {
  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        summary: 'Sign in: sets the HttpOnly session cookie and answers the person and the CSRF token their writes must carry (X-CSRF-Token)',
        tags: ['auth'],
        body: SignInRequestSchema,
        response: {
          200: SignedInSchema,
          401: errorAnswer('The username or password is wrong, or the account is disabled (the answer does not say which)'),
          429: errorAnswer('Too many failed sign-ins for this account or from this address: locked for a while (Retry-After says how long)'),
        },
      },
    },
    async (request, reply) => {
      const outcome = await signIn.attempt(request.body.username, request.body.password, request.ip, request.cookies[sessionCookie]);
      if (!outcome.ok) {
        if (outcome.reason === 'locked') {
          void reply.header('retry-after', String(outcome.retryAfterS));
          throw new apiErrors.KENDALI_ERR_SIGN_IN_LOCKED(outcome.retryAfterS ?? 0);
        }
        throw new apiErrors.KENDALI_ERR_SIGN_IN_FAILED();
      }
      // Attributes the audit entry of this request to the person who just signed in.
      const { user } = outcome.signedIn;
      request.auth = { id: `user:${user.username}`, name: user.displayName, role: user.role, createdAt: new Date(user.createdAt).toISOString(), revoked: false, owner: user.username, expiresAt: new Date(outcome.signedIn.expiresAt).toISOString(), via: 'session', username: user.username };
      return reply.setCookie(sessionCookie, outcome.id, { ...cookieOptions(request), maxAge: Math.floor(sessions.options.maxMs / 1000) }).send(outcome.signedIn);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { public: true },
      schema: { summary: 'Sign out: the session ends at once and its cookie is cleared (nothing happens without one)', tags: ['auth'], response: { 204: Type.Null() } },
    },
    async (request, reply) => endSession(request, reply, sessions),
  );
};

async function endSession(request: FastifyRequest, reply: FastifyReply, sessions: Pick<Sessions, 'end'>) {
  const id = request.cookies[sessionCookie];
  if (id !== undefined) await sessions.end(id);
  return reply.clearCookie(sessionCookie, cookieOptions(request)).status(204).send();
}
