import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PlatformInfo } from '@kendali/contracts';

/** `GET /api/info`: where devices connect, for the engineer page's copy-paste examples. */
export const infoPlugin: FastifyPluginAsyncTypebox<{ info: () => PlatformInfo }> = async (app, { info }) => {
  app.get(
    '/api/info',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'Where devices connect (MQTT ports) and the server version',
        tags: ['health'],
        response: {
          200: Type.Object({
            mqtt: Type.Object({ host: Type.String(), tcpPort: Type.Integer(), tlsPort: Type.Union([Type.Integer(), Type.Null()]), webSocketPath: Type.String() }),
            version: Type.String(),
          }),
        },
      },
    },
    async () => info(),
  );
};
