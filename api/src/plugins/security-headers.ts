import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';

const hstsMaxAgeS = 31_536_000; // a year, as browsers' preload lists expect

/**
 * Security headers on every answer (`@fastify/helmet`). The dashboard and the API docs load
 * nothing from elsewhere (fonts and the city's map ship with them: a control room must work
 * offline), so the Content-Security-Policy allows this origin only; no page may frame them, and no
 * address leaks in a Referer (a wall's address may hold its `?token=`).
 *
 * Strict-Transport-Security goes only on answers to HTTPS requests (served here, or a trusted
 * proxy said so): over plain HTTP a browser ignores it [RFC 6797 §8.1], and a Kendali on plain
 * HTTP must not tell browsers to refuse it.
 */
const securityHeadersPlugin: FastifyPluginAsync = async (app) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: false, // below, per request
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', `max-age=${hstsMaxAgeS}`);
  });
};

export const securityHeaders = fp(securityHeadersPlugin, { name: 'kendali-security-headers' });
