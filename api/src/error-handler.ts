import type { FastifyError, FastifyInstance } from 'fastify';
import { apiErrors } from './errors';

/** Gives every error the one JSON shape, and keeps internals out of 5xx replies. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const error = new apiErrors.KENDALI_ERR_NOT_FOUND(request.method, request.url.split('?')[0]);
    return reply.status(404).send({ error: { code: error.code, message: error.message } });
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const invalid = new apiErrors.KENDALI_ERR_REQUEST_INVALID(error.message);
      return reply.status(400).send({ error: { code: invalid.code, message: invalid.message } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      const internal = new apiErrors.KENDALI_ERR_INTERNAL();
      return reply.status(status).send({ error: { code: error.code?.startsWith('KENDALI_') ? error.code : internal.code, message: status === 503 ? error.message : internal.message } });
    }
    return reply.status(status).send({ error: { code: error.code ?? 'KENDALI_ERR_REQUEST_INVALID', message: error.message } });
  });
}
