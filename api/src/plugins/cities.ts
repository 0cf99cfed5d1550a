import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CitiesAnswerSchema, type City } from '@kendali/contracts';

/**
 * `GET /api/cities`: the cities the room watches, with their districts' real boundaries, time zone,
 * water gates and sites. The dashboard draws its maps and keeps its clocks from this answer, so a
 * control room needs no internet and no rebuild to serve another city.
 */
export const citiesPlugin: FastifyPluginAsyncTypebox<{ cities: readonly City[] }> = async (app, { cities }) => {
  const answer = { cities };
  app.get(
    '/api/cities',
    {
      config: { role: 'viewer', display: true },
      schema: {
        summary: "The cities served: districts with their boundaries (GeoJSON), time zone, water gates, sites; the first is the room's own",
        tags: ['city'],
        response: { 200: CitiesAnswerSchema },
      },
    },
    async () => answer,
  );
};
