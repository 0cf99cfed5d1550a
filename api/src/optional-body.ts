import type { preValidationHookHandler, RouteOptions } from 'fastify';

/** A body schema that requires nothing: an object whose fields are all optional. */
function isOptionalBody(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const { type, required } = schema as { type?: unknown; required?: unknown };
  return type === 'object' && (!Array.isArray(required) || required.length === 0);
}

const absentBodyIsEmpty: preValidationHookHandler = async (request) => {
  request.body ??= {};
};

/**
 * Where a route's body requires nothing (an acknowledgement with an optional comment, a PATCH), a
 * request may leave the body out, with no content type, and the handler gets `{}`. Runs as an
 * `onRoute` hook. A JSON content type with an empty body stays a 400: it announces a body.
 */
export function acceptAbsentOptionalBody(route: RouteOptions): void {
  if (!isOptionalBody(route.schema?.body)) return;
  route.preValidation = [...[route.preValidation ?? []].flat(), absentBodyIsEmpty];
}
