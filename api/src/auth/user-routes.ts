import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { UserChangeSchema, UserCreateSchema, UserSchema } from '@kendali/contracts';
import { IngestError, type Sessions, type Users } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';
import { actingAs } from './acting-as';

export interface UserRoutesOptions {
  readonly users: Pick<Users, 'list' | 'get' | 'create' | 'change' | 'remove'>;
  readonly sessions: Pick<Sessions, 'endAllOf'>;
}

const UsernameParams = Type.Object({ username: Type.String({ maxLength: 64 }) });

function userFailure(error: unknown): never {
  if (error instanceof IngestError) {
    if (error.code === 'KENDALI_ERR_USER_EXISTS') throw new apiErrors.KENDALI_ERR_USER_EXISTS(error.message.split('"')[1] ?? '');
    if (error.code === 'KENDALI_ERR_USER_NOT_FOUND') throw new apiErrors.KENDALI_ERR_USER_NOT_FOUND(error.message.split('"')[1] ?? '');
    if (error.code === 'KENDALI_ERR_PASSWORD_WEAK') throw new apiErrors.KENDALI_ERR_PASSWORD_WEAK(error.message);
    if (error.code === 'KENDALI_ERR_LAST_ADMIN') throw new apiErrors.KENDALI_ERR_LAST_ADMIN(error.message);
    if (error.code === 'KENDALI_ERR_USER_EXTERNAL') throw new apiErrors.KENDALI_ERR_USER_EXTERNAL(error.message.split('"')[1] ?? '');
  }
  throw error;
}

/** People's accounts, for admins. A disabled or deleted person, or one given a new password, is signed out at once. */
export const userRoutes: FastifyPluginAsyncTypebox<UserRoutesOptions> = async (app, { users, sessions }) => {

  app.get('/api/users', { config: { role: 'admin' }, schema: { summary: 'Every account (never a password)', tags: ['auth'], response: { 200: Type.Array(UserSchema) } } }, async () => users.list());

  app.get(
    '/api/users/:username',
    { config: { role: 'admin' }, schema: { summary: 'One account', tags: ['auth'], params: UsernameParams, response: { 200: UserSchema, 404: errorAnswer('No such user') } } },
    async (request) => users.get(request.params.username) ?? userFailure(new IngestError('KENDALI_ERR_USER_NOT_FOUND', `no account "${request.params.username}"`)),
  );

  app.post(
    '/api/users',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Create an account: username, display name, role, department (OPD), password (12 characters or more, not a common one)',
        tags: ['auth'],
        body: UserCreateSchema,
        response: { 201: UserSchema, 400: errorAnswer('The body is invalid or the password may not be used (the message says why)'), 409: errorAnswer('The username is taken') },
      },
    },
    async (request, reply) => reply.status(201).send(await users.create(request.body, actingAs(request)).catch(userFailure)),
  );

  app.patch(
    '/api/users/:username',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Change an account: display name, role, department, enabled, password; disabling it or setting a password ends its sessions',
        tags: ['auth'],
        params: UsernameParams,
        body: UserChangeSchema,
        response: {
          200: UserSchema,
          400: errorAnswer('The change is invalid or the password may not be used'),
          404: errorAnswer('No such user'),
          409: errorAnswer('The change would leave no enabled admin, or sets a password on an account of the identity provider'),
        },
      },
    },
    async (request) => {
      const user = await users.change(request.params.username, request.body).catch(userFailure);
      if (!user.enabled || request.body.password !== undefined) await sessions.endAllOf(user.username);
      return user;
    },
  );

  app.delete(
    '/api/users/:username',
    {
      config: { role: 'admin' },
      schema: { summary: 'Delete an account; its sessions end at once', tags: ['auth'], params: UsernameParams, response: { 204: Type.Null(), 404: errorAnswer('No such user'), 409: errorAnswer('It is the last enabled admin') } },
    },
    async (request, reply) => {
      const removed = await users.remove(request.params.username).catch(userFailure);
      if (!removed) throw new apiErrors.KENDALI_ERR_USER_NOT_FOUND(request.params.username);
      await sessions.endAllOf(request.params.username);
      return reply.status(204).send();
    },
  );
};
