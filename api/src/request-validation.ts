import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';

/**
 * Fastify's Ajv options, less two: `removeAdditional` is off, so an unknown field is an error where
 * a schema says `additionalProperties: false` instead of vanishing, and type coercion is per part.
 */
const sharedOptions = { removeAdditional: false, useDefaults: true } as const;

type Validator = ReturnType<FastifySchemaCompiler<unknown>>;

/** Where in a value a number is not finite (`/limit`, `/0/lat`), if anywhere. */
function nonFinitePath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFinitePath(item, `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Ajv coerces the text "Infinity" (or "1e400") to a number and then skips `minimum` and `maximum`,
 * which it checks on finite numbers only: `?limit=Infinity` would pass `maximum: 1000` and reach
 * the store. Coerced values are therefore refused when a number in them is not finite.
 */
function refusingInfinity(validate: Validator): Validator {
  const checked = ((data: unknown) => {
    if (!validate(data)) {
      checked.errors = validate.errors ?? null;
      return false;
    }
    const path = nonFinitePath(data);
    const error: FastifySchemaValidationError = { keyword: 'type', instancePath: path ?? '', schemaPath: '#', params: {}, message: 'must be a finite number' };
    checked.errors = path === undefined ? null : [error];
    return path === undefined;
  }) as Validator;
  return checked;
}

/**
 * Validates requests with two Ajv instances (both with ajv-formats, as Fastify sets them up). A query
 * string, path parameters and headers arrive as text, so their numbers and booleans are coerced
 * (`?limit=5` is 5). A JSON body carries its own types and is never coerced: `"id": false` is a wrong
 * type, not the string "false".
 */
export function requestValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const fromPool = AjvCompiler();
  // The pool's typings describe Ajv's compile(); what it returns takes Fastify's route definition.
  const compilerWith = (coerceTypes: 'array' | false) =>
    fromPool({}, { customOptions: { ...sharedOptions, coerceTypes } }) as unknown as FastifySchemaCompiler<unknown>;
  const coercing = compilerWith('array');
  const strict = compilerWith(false);
  return (route) => (route.httpPart === 'body' ? strict(route) : refusingInfinity(coercing(route)));
}
