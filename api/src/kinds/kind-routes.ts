import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';
import { Type } from 'typebox';
import { DeviceProfileSchema, KindIdSchema, KindsAnswerSchema, ProfileTrialSchema, StoredProfileSchema } from '@kendali/contracts';
import { IngestError, type ProfileCatalogue, type ProfileTrials } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { requestValidatorCompiler } from '../request-validation';
import { errorAnswer } from '../schemas';
import { parseProfileBody } from './profile-body';
import { actingAs } from '../auth/acting-as';

export interface KindRoutesOptions {
  readonly kinds: Pick<ProfileCatalogue, 'profiles' | 'profile' | 'versions' | 'put'>;
  readonly profileTrials: Pick<ProfileTrials, 'trial'>;
}

const KindParams = Type.Object({ kind: KindIdSchema });
/** Most recorded messages a dry run examines of each source (stored, rejected); ingest keeps as many refused records per kind. */
const maxTrialMessages = 10_000;

/**
 * A profile body is documented by its schema but checked by the catalogue, which names every
 * problem with its JSON path in one answer (a schema check at the route would name the first).
 */
const parameterCompiler = requestValidatorCompiler();
const bodyLeftToCatalogue: FastifySchemaCompiler<unknown> = (route) => (route.httpPart === 'body' ? () => true : parameterCompiler(route));

const profileBodyNote = 'The body is checked as a whole: a 400 names every problem with its JSON path, and a key given twice in one object is refused.';

/** Turns the catalogue's refusals into API errors. */
function profileFailure(error: unknown): never {
  if (error instanceof IngestError) {
    if (error.code === 'KENDALI_ERR_PROFILE_INVALID') throw new apiErrors.KENDALI_ERR_PROFILE_INVALID(error.message);
    if (error.code === 'KENDALI_ERR_PROFILE_CONFLICT') throw new apiErrors.KENDALI_ERR_PROFILE_CONFLICT(error.message);
    if (error.code === 'KENDALI_ERR_PROFILE_CHANGED') throw new apiErrors.KENDALI_ERR_PROFILE_CHANGED(error.message);
  }
  throw error;
}

/** Who changed a profile, as the alarm audit trail names people: the token's name and role. */

/** Device profiles (kinds as data): read by everyone; new versions and dry runs by engineers. */
export const kindRoutes: FastifyPluginAsyncTypebox<KindRoutesOptions> = async (app, { kinds, profileTrials }) => {
  // Scoped to this plugin: only profile bodies are parsed with duplicate keys refused.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseProfileBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.get(
    '/api/kinds',
    { config: { role: 'viewer', display: true }, schema: { summary: 'Every device kind: the version of its profile in force, built-in kinds first', tags: ['kinds'], response: { 200: KindsAnswerSchema } } },
    async () => kinds.profiles(),
  );

  app.get(
    '/api/kinds/:kind',
    {
      config: { role: 'viewer' },
      schema: { summary: "The version in force of a kind's profile", tags: ['kinds'], params: KindParams, response: { 200: StoredProfileSchema, 404: errorAnswer('No profile defines this kind') } },
    },
    async (request) => {
      const stored = kinds.profile(request.params.kind);
      if (stored === undefined) throw new apiErrors.KENDALI_ERR_KIND_UNKNOWN(`"${request.params.kind}" (GET /api/kinds lists the kinds there are)`);
      return stored;
    },
  );

  app.get(
    '/api/kinds/:kind/versions',
    {
      config: { role: 'viewer' },
      schema: {
        summary: "Every version of a kind's profile, newest first: who made it, when, and what changed",
        tags: ['kinds'],
        params: KindParams,
        response: { 200: Type.Array(StoredProfileSchema), 404: errorAnswer('No profile defines this kind') },
      },
    },
    async (request) => {
      const versions = await kinds.versions(request.params.kind);
      if (versions.length === 0) throw new apiErrors.KENDALI_ERR_KIND_UNKNOWN(`"${request.params.kind}" (GET /api/kinds lists the kinds there are)`);
      return versions;
    },
  );

  app.put(
    '/api/kinds/:kind',
    {
      config: { role: 'engineer' },
      validatorCompiler: bodyLeftToCatalogue,
      schema: {
        summary: "Create a kind (201) or put a new version of its profile in force (200); it applies to the kind's next message",
        description: `${profileBodyNote} The stores make room for new fields first; a change the stored readings cannot follow is refused with 409, as is a version another node sharing the database put in force first.`,
        tags: ['kinds'],
        params: KindParams,
        body: DeviceProfileSchema,
        response: {
          200: StoredProfileSchema,
          201: StoredProfileSchema,
          409: errorAnswer('The stored readings cannot follow the change (e.g. a field changing type), or another node changed the kind first'),
        },
      },
    },
    async (request, reply) => {
      try {
        const stored = await kinds.put(request.params.kind, request.body, actingAs(request));
        return await reply.status(stored.version === 1 ? 201 : 200).send(stored);
      } catch (error) {
        return profileFailure(error);
      }
    },
  );

  app.post(
    '/api/kinds/:kind/try',
    {
      config: { role: 'engineer' },
      validatorCompiler: bodyLeftToCatalogue,
      schema: {
        summary: "Dry run of a proposed profile on the kind's last N stored readings and last N refused messages; nothing is changed",
        description: `${profileBodyNote} Messages are judged by the validator ingest uses; a stored reading is judged on its fields, not its age.`,
        tags: ['kinds'],
        params: KindParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: maxTrialMessages, default: 1_000, description: 'most messages examined of each source' }) }),
        body: DeviceProfileSchema,
        response: { 200: ProfileTrialSchema },
      },
    },
    async (request) => {
      try {
        return await profileTrials.trial(request.params.kind, request.body, request.query.limit);
      } catch (error) {
        return profileFailure(error);
      }
    },
  );
};
