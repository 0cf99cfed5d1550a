import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ReadinessSchema, type Readiness } from '@kendali/contracts';

/** A readiness check: a named part says whether it can do its job and, if not, why. */
export type ReadinessCheck = () => { readonly ok: boolean; readonly detail: string };

export interface HealthPluginOptions {
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
}

/** `/healthz`: the process answers. `/readyz`: every part is able to take readings. */
export const healthPlugin: FastifyPluginAsyncTypebox<HealthPluginOptions> = async (app, { checks }) => {
  app.get(
    '/healthz',
    { schema: { summary: 'Liveness', tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness, with the reason for every part that is not ready',
        tags: ['health'],
        response: {
          200: ReadinessSchema,
          503: ReadinessSchema,
        },
      },
    },
    async (_request, reply) => {
      const results: Record<string, { ok: boolean; detail: string }> = {};
      for (const [name, check] of Object.entries(checks)) {
        try {
          results[name] = check();
        } catch (error) {
          results[name] = { ok: false, detail: error instanceof Error ? error.message : String(error) };
        }
      }
      const ready = Object.values(results).every((result) => result.ok);
      return reply.status(ready ? 200 : 503).send({ ready, checks: results } satisfies Readiness);
    },
  );
};
