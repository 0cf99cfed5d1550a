import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrors } from './errors';

const longestEchoed = 100; // characters of a client's value repeated in a message

/** The API's error for a 4xx that Fastify raised itself (unparsable body, no parser for its type, …). */
function clientError(error: FastifyError, request: FastifyRequest): FastifyError {
  if (error.statusCode === 413) return new apiErrors.KENDALI_ERR_BODY_TOO_LARGE();
  if (error.statusCode === 415) {
    return new apiErrors.KENDALI_ERR_CONTENT_TYPE_UNSUPPORTED(String(request.headers['content-type'] ?? '').slice(0, longestEchoed));
  }
  return new apiErrors.KENDALI_ERR_REQUEST_INVALID(error.message);
}

const send = (reply: FastifyReply, error: FastifyError) =>
  reply.status(error.statusCode ?? 400).send({ error: { code: error.code, message: error.message } });

/**
 * Answers what the router refuses before any route runs (a path that does not decode as UTF-8,
 * `FST_ERR_BAD_URL`), in the one error shape. Fastify's `frameworkErrors` option.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void send(reply, new apiErrors.KENDALI_ERR_REQUEST_INVALID(error.message));
}

/** Gives every error the one JSON shape with a code from the catalogue, and keeps internals out of 5xx replies. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => send(reply, new apiErrors.KENDALI_ERR_NOT_FOUND(request.method, request.url.split('?')[0])));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) return send(reply, new apiErrors.KENDALI_ERR_REQUEST_INVALID(error.message));
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      const internal = new apiErrors.KENDALI_ERR_INTERNAL();
      return reply.status(status).send({ error: { code: error.code?.startsWith('KENDALI_') ? error.code : internal.code, message: status === 503 ? error.message : internal.message } });
    }
    return send(reply, error.code?.startsWith('KENDALI_') ? error : clientError(error, request));
  });
}
