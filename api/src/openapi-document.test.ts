import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from './testing/api-under-test';

interface Operation {
  readonly parameters?: readonly { readonly in: string; readonly name: string; readonly required?: boolean; readonly schema: { readonly default?: unknown } }[];
  readonly requestBody?: { readonly required?: boolean };
  readonly responses: Readonly<Record<string, unknown>>;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}
interface Document {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly security?: unknown;
}

let api: ApiUnderTest;
let app: FastifyInstance;
let document: Document;
const operations: { method: string; path: string; operation: Operation }[] = [];

beforeAll(async () => {
  api = await openApiUnderTest('openapi-document');
  ({ app } = api);
  document = (await app.inject({ url: '/docs/json' })).json() as Document;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) operations.push({ method: method.toUpperCase(), path, operation });
  }
});

afterAll(() => api?.close());

/** Fastify's `/api/devices/:id` as OpenAPI writes it, `/api/devices/{id}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** Every schema keyword of that name anywhere in the document, with where it is. */
function keywords(value: unknown, name: string, at = '#'): { at: string; value: unknown }[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [...(key === name ? [{ at: `${at}/${key}`, value: item }] : []), ...keywords(item, name, `${at}/${key}`)]);
}

describe('the OpenAPI document', () => {
  it('validates against the OpenAPI version it declares, 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(validator.version).toBe('3.1');
  });

  it('writes its schemas in JSON Schema 2020-12, not the 3.0 dialect', () => {
    expect(keywords(document, 'nullable')).toEqual([]);
    for (const name of ['exclusiveMinimum', 'exclusiveMaximum']) {
      for (const found of keywords(document, name)) expect(typeof found.value, found.at).toBe('number');
    }
  });

  it('marks every route that needs a token, with the statuses of refusal, and no other', () => {
    const needs = new Map(app.protectedRoutes.map((route) => [`${route.method} ${openApiPath(route.url)}`, route.role]));
    const forDisplays = new Set(app.protectedRoutes.filter((route) => route.display).map((route) => `${route.method} ${openApiPath(route.url)}`));
    const brokerHooks = new Set(app.brokerHookRoutes.map((route) => `${route.method} ${openApiPath(route.url)}`));
    expect(document.security).toBeUndefined();
    for (const { method, path, operation } of operations) {
      const role = needs.get(`${method} ${path}`);
      const name = `${method} ${path}`;
      if (brokerHooks.has(name)) {
        // Called by an external broker with the hook secret: refused without it, absent while the hooks are off.
        expect(operation.security, name).toEqual([{ brokerHook: [] }]);
        expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['401', '404']));
        continue;
      }
      if (role === undefined) {
        expect(operation.security, name).toEqual([]);
        // Signing in answers 401 to a wrong password, and the session lookup to a cookie whose session ended; no other public route refuses anyone.
        if (name !== 'POST /api/auth/login' && name !== 'GET /api/auth/session') expect(Object.keys(operation.responses), name).not.toContain('401');
        continue;
      }
      expect(operation.security, name).toEqual(method === 'GET' ? [{ bearer: [] }, { token: [] }, { session: [] }] : [{ bearer: [] }, { session: [] }]);
      expect(Object.keys(operation.responses), name).toContain('401');
      // Only a role above the lowest, or a route a wall screen may not call, can be refused to a valid credential.
      if (role === roles[0] && forDisplays.has(name)) expect(Object.keys(operation.responses), name).not.toContain('403');
      else expect(Object.keys(operation.responses), name).toContain('403');
    }
    const publicPaths = operations.filter(({ operation }) => operation.security?.length === 0).map(({ method, path }) => `${method} ${path}`);
    expect(publicPaths.sort()).toEqual(
      [
        'GET /healthz',
        'GET /readyz',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/auth/providers',
        'GET /api/auth/session',
        'GET /api/auth/oidc/start',
        'GET /api/auth/oidc/callback',
        'GET /api/displays/pairings/{pollId}',
        'POST /api/displays/pairings',
      ].sort(),
    );
  });

  it('lists a success for every operation, and 400 wherever input is validated or a body is read', () => {
    for (const { method, path, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      // A success, or the redirect a browser navigation answers with (single sign-on).
      expect(statuses.some((status) => status.startsWith('2') || status === '302'), `${method} ${path}`).toBe(true);
      const readsInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined || ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
      if (readsInput) expect(statuses, `${method} ${path}`).toContain('400');
      if (path.includes('{')) expect(statuses, `${method} ${path}`).toContain('404');
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['413', '415']));
    }
  });

  it('does not require query parameters that have a default', () => {
    const alarms = operations.find((o) => o.method === 'GET' && o.path === '/api/alarms')!.operation;
    const parameters = alarms.parameters ?? [];
    expect(parameters.find((p) => p.name === 'state')).toMatchObject({ in: 'query', schema: { default: 'open' } });
    expect(parameters.filter((p) => p.required).map((p) => p.name)).toEqual([]);
    const telemetry = operations.find((o) => o.method === 'GET' && o.path === '/api/telemetry')!.operation;
    expect((telemetry.parameters ?? []).filter((p) => p.required).map((p) => p.name)).toEqual(['device', 'field']);
  });

  it('says which bodies may be left out', () => {
    const body = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)?.operation.requestBody;
    expect(body('POST', '/api/alarms/{id}/ack')?.required).toBeFalsy();
    expect(body('PATCH', '/api/devices/{id}')?.required).toBeFalsy();
    expect(body('POST', '/api/alarms/{id}/shelve')?.required).toBe(true);
    expect(body('POST', '/api/devices')?.required).toBe(true);
  });
});

describe('/docs', () => {
  it('serves the Swagger UI from the package, with no file from elsewhere', async () => {
    const page = await app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset, 'an asset from another host').not.toMatch(/^(https?:)?\/\//);
      expect((await app.inject({ url: new URL(asset, 'http://kendali.test/docs/').pathname })).statusCode, asset).toBe(200);
    }
    const initializer = (await app.inject({ url: '/docs/static/swagger-initializer.js' })).body;
    expect(initializer).toContain("resolveUrl('./json')");
    expect(initializer).toContain('validatorUrl: null'); // no badge fetched from the swagger.io validator
  });
});
