import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ApiTokenRequestSchema, ApiTokenSchema, IssuedApiTokenSchema, roleSatisfies, WhoAmISchema, type ApiToken, type Clock } from '@kendali/contracts';
import type { ApiTokens } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';

export interface TokenRoutesOptions {
  readonly tokens: Pick<ApiTokens, 'list' | 'get' | 'create' | 'revoke'>;
  /** Says whether an expiry asked for lies in the future. */
  readonly clock: Clock;
}

/**
 * Admins manage every token; others their own (the tokens whose owner they are), none above their
 * role: an engineer token of the platform's (`@system`) sees and revokes neither its admin token nor others above it.
 */
const mayManage = (request: FastifyRequest, token: ApiToken) =>
  request.auth!.role === 'admin' || (token.owner === request.auth!.owner && roleSatisfies(request.auth!.role, token.role));

/**
 * API tokens, each owned by the person who made it (the platform's own are owned by `@system`).
 * Engineers and admins make tokens for their scripts and integrations, at most with their own role;
 * admins see and revoke every token, others their own. Anyone can ask who they are.
 */
export const tokenRoutes: FastifyPluginAsyncTypebox<TokenRoutesOptions> = async (app, { tokens, clock }) => {
  app.get(
    '/api/auth/whoami',
    {
      config: { role: 'viewer', display: true },
      schema: {
        summary: 'Who this request acts as: the API token it presents (with its owner), the person signed in, or the wall screen (name, role, owner, expiry)',
        tags: ['auth'],
        response: { 200: WhoAmISchema },
      },
    },
    async (request) => request.auth!,
  );

  app.get(
    '/api/tokens',
    {
      config: { role: 'engineer' },
      schema: { summary: 'List API tokens (never their secrets): every token for admins, one\'s own (none above one\'s role) for others', tags: ['auth'], response: { 200: Type.Array(ApiTokenSchema) } },
    },
    async (request) => tokens.list().filter((token) => mayManage(request, token)),
  );

  app.post(
    '/api/tokens',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Create an API token owned by whoever asks, with at most their role and an optional expiry; the token is shown this once',
        tags: ['auth'],
        body: ApiTokenRequestSchema,
        response: { 201: IssuedApiTokenSchema, 400: errorAnswer('The body is invalid, or expiresAt is not in the future'), 403: errorAnswer('The role asked for is above the role of whoever asks') },
      },
    },
    async (request, reply) => {
      const { name, role, expiresAt } = request.body;
      const creator = request.auth!;
      if (!roleSatisfies(creator.role, role)) throw new apiErrors.KENDALI_ERR_TOKEN_ROLE_TOO_HIGH(role, creator.role);
      if (expiresAt !== undefined && !(Date.parse(expiresAt) > clock.now())) throw new apiErrors.KENDALI_ERR_REQUEST_INVALID(`expiresAt ${expiresAt} is not in the future`);
      const { token, record } = await tokens.create(name, role, { owner: creator.owner, expiresAt: expiresAt ?? null });
      return reply.status(201).send({ ...record, token });
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Revoke an API token at once (one\'s own; admins any); streams opened with it end within seconds',
        tags: ['auth'],
        params: Type.Object({ id: Type.String() }),
        response: { 204: Type.Null(), 404: errorAnswer('No token with that id among those the caller manages') },
      },
    },
    async (request, reply) => {
      const token = tokens.get(request.params.id);
      if (token === undefined || !mayManage(request, token) || !(await tokens.revoke(token.id))) throw new apiErrors.KENDALI_ERR_TOKEN_NOT_FOUND(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
