import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { JsonSchema } from './schema-arbitraries';

// The operations of the API's own OpenAPI document, and a way to send each a request through `inject`.

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema: JsonSchema }>> };
  readonly responses: Readonly<Record<string, { readonly content?: Readonly<Record<string, unknown>> }>>;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

export interface OperationRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string;
}

/** Every operation the document at `/docs/json` lists, its method in upper case. */
export async function documentedOperations(app: FastifyInstance): Promise<Operation[]> {
  const document = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> };
  return Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })));
}

/** An operation that answers a stream of server-sent events. */
export const isStream = (operation: Operation) => Object.values(operation.responses).some((answer) => answer.content?.['text/event-stream'] !== undefined);

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** Sends a request and returns its status, content type and body (a stream's body only when it is an error). */
export async function sendRequest(app: FastifyInstance, operation: Operation, request: OperationRequest): Promise<{ status: number; contentType: string; body: string }> {
  const injected = { method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.payload === undefined ? {} : { payload: request.payload }) };
  if (!isStream(operation)) {
    const response = await app.inject(injected);
    return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body: response.body };
  }
  // A stream answers its headers and then stays open: read the body of errors only, close the rest.
  const response = await app.inject({ ...injected, payloadAsStream: true });
  const stream = response.stream();
  const body = response.statusCode >= 400 ? await readAll(stream) : '';
  stream.destroy();
  response.raw.res.destroy();
  return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body };
}
