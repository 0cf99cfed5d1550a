import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { apiErrors } from '../errors';

export interface DashboardPluginOptions {
  /** The built dashboard (dashboard/dist). */
  readonly root: string;
}

/** Pages of the single-page app; each is served index.html and routed in the browser. */
export const dashboardPages = ['/', '/wall', '/ops', '/ops/compare', '/ops/audit', '/ops/displays', '/devices', '/devices/kinds'] as const;

/** Serves the built dashboard; answers a clear 503 where it has not been built. */
export const dashboardPlugin: FastifyPluginAsync<DashboardPluginOptions> = async (app, { root }) => {
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root, serve: false });
    // Hashed bundles never change under one name: cache them for a year.
    app.get('/assets/*', { schema: { hide: true } }, (request, reply) =>
      reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`assets/${(request.params as { '*': string })['*']}`),
    );
    for (const file of readdirSync(root)) {
      if (file === 'index.html' || !statSync(join(root, file)).isFile()) continue;
      app.get(`/${file}`, { schema: { hide: true } }, (_request, reply) => reply.sendFile(file));
    }
  }
  for (const page of dashboardPages) {
    app.get(page, { schema: { hide: true } }, async (_request, reply) => {
      if (!built) throw new apiErrors.KENDALI_ERR_DASHBOARD_MISSING();
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
};
