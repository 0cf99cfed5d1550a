import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PlatformInfoSchema, type PlatformInfo } from '@kendali/contracts';

/** `GET /api/info`: where devices connect, for the engineer page's copy-paste examples. */
export const infoPlugin: FastifyPluginAsyncTypebox<{ info: () => PlatformInfo }> = async (app, { info }) => {
  app.get(
    '/api/info',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'Where devices connect (MQTT ports) and the server version',
        tags: ['health'],
        response: { 200: PlatformInfoSchema },
      },
    },
    async () => info(),
  );
};
