import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiTokenRequestSchema, ApiTokenSchema, IssuedApiTokenSchema, WhoAmISchema } from '@kendali/contracts';
import type { ApiTokens } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';

export interface TokenRoutesOptions {
  readonly tokens: ApiTokens;
}

/** API tokens: who may do what. Only admins manage them; anyone can ask who they are. */
export const tokenRoutes: FastifyPluginAsyncTypebox<TokenRoutesOptions> = async (app, { tokens }) => {
  app.get(
    '/api/auth/whoami',
    {
      config: { role: 'viewer' },
      schema: { summary: 'Who this request acts as: the API token it presents, or the person signed in (name, role, username)', tags: ['auth'], response: { 200: WhoAmISchema } },
    },
    async (request) => request.auth!,
  );

  app.get(
    '/api/tokens',
    { config: { role: 'admin' }, schema: { summary: 'List API tokens (never their secrets)', tags: ['auth'], response: { 200: Type.Array(ApiTokenSchema) } } },
    async () => tokens.list(),
  );

  app.post(
    '/api/tokens',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Create an API token; the token is shown this once. A viewer token can go in a wall display\'s URL (?token=…)',
        tags: ['auth'],
        body: ApiTokenRequestSchema,
        response: { 201: IssuedApiTokenSchema },
      },
    },
    async (request, reply) => {
      const { token, record } = await tokens.create(request.body.name, request.body.role);
      return reply.status(201).send({ ...record, token });
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { role: 'admin' },
      schema: { summary: 'Revoke an API token at once', tags: ['auth'], params: Type.Object({ id: Type.String() }), response: { 204: Type.Null(), 404: errorAnswer('No token with that id') } },
    },
    async (request, reply) => {
      if (!(await tokens.revoke(request.params.id))) throw new apiErrors.KENDALI_ERR_TOKEN_NOT_FOUND(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
