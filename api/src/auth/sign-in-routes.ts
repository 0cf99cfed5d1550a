import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AddressUnlockedSchema, Nullable, SignedInSchema, SignInRequestSchema, UserUnlockedSchema, type SignedIn } from '@kendali/contracts';
import type { Sessions, SignIn } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';
import { sessionCookie } from './auth-plugin';
import { personActing } from './person-acting';

export interface SignInRoutesOptions {
  readonly signIn: Pick<SignIn, 'attempt' | 'unlock' | 'unlockAddress'>;
  readonly sessions: Pick<Sessions, 'use' | 'end' | 'options'>;
}

const cookieOptions = (request: FastifyRequest) => ({ path: '/', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https' });

/** Signing in with a username and password (a session cookie), finding the session again after a reload, signing out, and an admin's unlock. */
export const signInRoutes: FastifyPluginAsyncTypebox<SignInRoutesOptions> = async (app, { signIn, sessions }) => {
  app.post(
    '/api/auth/login',
    {
      // The audit log names the outcome; the username tried is its target, the password never recorded.
      config: { public: true, auditActions: { 200: 'sign-in', 401: 'sign-in-failed', 429: 'sign-in-locked' } },
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
      request.auth = personActing(outcome.signedIn);
      return reply.setCookie(sessionCookie, outcome.id, { ...cookieOptions(request), maxAge: Math.floor(sessions.options.maxMs / 1000) }).send(outcome.signedIn);
    },
  );

  app.get(
    '/api/auth/session',
    {
      // Asked by every page opened without a token, before anyone has signed in: public, and "none" is an answer, not an error.
      config: { public: true },
      schema: {
        summary: 'The session the cookie carries, as signing in answered it (the person, the CSRF token, when it ends), or null without a session cookie: a page reloaded finds it is still signed in',
        tags: ['auth'],
        response: { 200: Nullable(SignedInSchema), 401: errorAnswer('The cookie names a session that has ended (signed out, idle or past its limit, or its person disabled): sign in again') },
      },
    },
    async (request): Promise<SignedIn | null> => {
      const id = request.cookies[sessionCookie];
      if (id === undefined) return null;
      const session = sessions.use(id);
      if (session === undefined) throw new apiErrors.KENDALI_ERR_SESSION_ENDED();
      return { user: { ...session.user }, csrfToken: session.csrfToken, idleExpiresAt: session.idleExpiresAt, expiresAt: session.expiresAt };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { public: true, auditActions: { 204: 'sign-out' } },
      schema: { summary: 'Sign out: the session ends at once and its cookie is cleared (nothing happens without one)', tags: ['auth'], response: { 204: Type.Null() } },
    },
    async (request, reply) => endSession(request, reply, sessions),
  );

  app.post(
    '/api/users/:username/unlock',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Let a person locked out by failed sign-ins try again now, before the lock ends by itself',
        tags: ['auth'],
        params: Type.Object({ username: Type.String({ maxLength: 64 }) }),
        response: { 200: UserUnlockedSchema, 404: errorAnswer('No such user') },
      },
    },
    async (request) => {
      const unlocked = await signIn.unlock(request.params.username);
      if (unlocked === undefined) throw new apiErrors.KENDALI_ERR_USER_NOT_FOUND(request.params.username);
      return { username: request.params.username, wasLocked: unlocked.wasLocked };
    },
  );

  app.post(
    '/api/auth/addresses/:address/unlock',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Let an address refused for failed sign-ins try again now, before its refusal ends by itself',
        tags: ['auth'],
        // An IPv4 or IPv6 address as the audit log names it (a mapped IPv4 in either form).
        params: Type.Object({ address: Type.String({ minLength: 2, maxLength: 45, pattern: '^[0-9A-Fa-f:.]+$' }) }),
        response: { 200: AddressUnlockedSchema },
      },
    },
    async (request) => ({ address: request.params.address, ...(await signIn.unlockAddress(request.params.address)) }),
  );
};

async function endSession(request: FastifyRequest, reply: FastifyReply, sessions: Pick<Sessions, 'use' | 'end'>) {
  const id = request.cookies[sessionCookie];
  if (id !== undefined) {
    // The audit entry of a sign-out names who signed out.
    const session = sessions.use(id);
    if (session !== undefined) request.auth = personActing(session);
    await sessions.end(id);
  }
  return reply.clearCookie(sessionCookie, cookieOptions(request)).status(204).send();
}
