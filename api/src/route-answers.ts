import type { FastifySchema, RouteOptions } from 'fastify';
import { roles } from '@kendali/contracts';
import { errorAnswer } from './schemas';

/** Methods whose body Fastify parses: a bad one is answered 400, 413 or 415 before the handler runs. */
const methodsWithBody = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Completes a documented route's schema with the answers every route of its sort can give, so the
 * OpenAPI document lists each status a client may see, and says who needs a token:
 * - 400 where a parameter, the query or a body is validated, or a body is parsed;
 * - 401 on routes that need a token, and 403 where the least role is above `viewer` or a wall screen's
 *   display credential may not call it (any route not marked `config.display`);
 * - 404 on routes with a path parameter (one too long for the router matches no route);
 * - 413 and 415 where a body is parsed (over the size limit; a content type with no parser);
 * - 401 and 404 on an external broker's hooks (`config.brokerHook`): not its secret, or hooks off;
 * - `security`: the bearer header (and `?token=` on GET) or the session cookie where a role is needed, the
 *   broker's hook secret on its hooks, none on public routes.
 * A route's own description of one of these statuses is kept. Runs as an `onRoute` hook.
 */
export function documentRouteAnswers(route: RouteOptions): void {
  const schema = (route.schema ??= {});
  if (schema.hide) return;
  const methods = [route.method].flat();
  const role = route.config?.role;
  const takesBody = methods.some((method) => methodsWithBody.has(method));
  const response = (schema.response ??= {}) as Record<string, unknown>;
  const add = (status: number, description: string) => {
    response[status] ??= errorAnswer(description);
  };
  if (takesBody || schema.body || schema.querystring || schema.params || schema.headers) {
    add(400, 'The request is invalid: a parameter, the query or the body (the message says which and why)');
  }
  if (role !== undefined) {
    add(401, 'No token, or one that is unknown or revoked');
    if (role !== roles[0]) add(403, `The token's role is below ${role}, or it is a wall screen's display credential`);
    else if (route.config?.display !== true) add(403, "A wall screen's display credential: it reads only what the wall shows");
  }
  if (route.config?.brokerHook === true) {
    add(401, 'Not the hook secret: the broker must send "Authorization: Bearer <KENDALI_BROKER_HOOK_SECRET>"');
    add(404, 'The broker hooks are off here: KENDALI_BROKER_HOOK_SECRET is not set');
  }
  if (route.url.includes(':')) add(404, 'Nothing with that id');
  if (takesBody) {
    add(413, 'The body is over the size limit');
    add(415, 'The body has a content type this route does not take');
  }
  if (route.config?.brokerHook === true) schema.security ??= [{ brokerHook: [] }];
  schema.security ??= role === undefined ? [] : methods.includes('GET') ? [{ bearer: [] }, { token: [] }, { session: [] }] : [{ bearer: [] }, { session: [] }];
}

interface QuerySchema {
  readonly properties?: Readonly<Record<string, { readonly default?: unknown }>>;
  readonly required?: readonly string[];
}

/**
 * For the OpenAPI document only (@fastify/swagger's `transform`): a query parameter with a default
 * is not required of a client, as Ajv fills the default in before `required` is checked.
 */
export function documentDefaultsAsOptional({ schema, url }: { schema: FastifySchema; url: string }): { schema: FastifySchema; url: string } {
  const query = schema?.querystring as QuerySchema | undefined;
  if (query?.required === undefined) return { schema, url };
  const required = query.required.filter((name) => query.properties?.[name]?.default === undefined);
  return { schema: { ...schema, querystring: { ...query, required } }, url };
}
