import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Nullable, SignedInSchema, type SignedIn } from '@kendali/contracts';
import type { Sessions } from '@kendali/ingest';
import { sessionCookie } from './auth-plugin';

export interface SessionRoutesOptions {
  readonly sessions: Pick<Sessions, 'use'>;
}

/**
 * The session the cookie carries, with its CSRF token: a page opened after signing in through the
 * identity provider (a redirect, which carries no answer body), or reloaded, learns here who it acts
 * as and the token its writes need (null: no session, or one that has ended: sign in). Another
 * site's page cannot read the answer.
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (app, { sessions }) => {
  app.get(
    '/api/auth/session',
    {
      config: { public: true },
      schema: {
        summary: "The signed-in person of the session cookie, the session's CSRF token and when it ends; null without a session",
        tags: ['auth'],
        response: { 200: Nullable(SignedInSchema) },
      },
    },
    async (request): Promise<SignedIn | null> => {
      const id = request.cookies[sessionCookie];
      const session = id === undefined ? undefined : sessions.use(id);
      if (session === undefined) return null;
      return { user: { ...session.user }, csrfToken: session.csrfToken, idleExpiresAt: session.idleExpiresAt, expiresAt: session.expiresAt };
    },
  );
};
