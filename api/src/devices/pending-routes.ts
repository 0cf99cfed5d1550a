import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DeviceInputSchema, DeviceWithSecretSchema, PendingDeviceSchema } from '@kendali/contracts';
import type { DeviceRegistry, PendingDevices } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';
import { registryFailure } from './device-routes';

export interface PendingRoutesOptions {
  readonly pending: Pick<PendingDevices, 'list' | 'get' | 'remove' | 'approve'>;
  readonly registry: Pick<DeviceRegistry, 'create'>;
  /** Hands an approved device its secret (on its commands topic) and ends its pending session. */
  readonly onApproved?: (deviceId: string, secret: string) => void;
  readonly onRejected?: (deviceId: string) => void;
}

/** Discovery mode: devices that knocked with the provisioning key, approved or rejected by an engineer. */
export const pendingRoutes: FastifyPluginAsyncTypebox<PendingRoutesOptions> = async (app, { pending, registry, onApproved, onRejected }) => {
  app.get(
    '/api/pending',
    { config: { role: 'engineer' }, schema: { summary: 'Devices awaiting approval (discovery mode)', tags: ['devices'], response: { 200: Type.Array(PendingDeviceSchema) } } },
    async () => pending.list(),
  );

  app.post(
    '/api/pending/:id/approve',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Approve a pending device: register it (kind, district, location) and send it its secret on its commands topic',
        tags: ['devices'],
        params: Type.Object({ id: Type.String() }),
        body: DeviceInputSchema,
        response: { 201: DeviceWithSecretSchema, 404: errorAnswer('No pending device with that id'), 409: errorAnswer('A device with that id is already registered') },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (pending.get(id) === undefined) throw new apiErrors.KENDALI_ERR_PENDING_NOT_FOUND(id);
      const created = await registry.create(id, request.body).catch((error: unknown) => registryFailure(error, id));
      await pending.approve(id);
      onApproved?.(id, created.secret);
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/pending/:id',
    {
      config: { role: 'engineer' },
      schema: { summary: 'Reject a pending device and close its connection', tags: ['devices'], params: Type.Object({ id: Type.String() }), response: { 204: Type.Null(), 404: errorAnswer('No pending device with that id') } },
    },
    async (request, reply) => {
      if (!(await pending.remove(request.params.id))) throw new apiErrors.KENDALI_ERR_PENDING_NOT_FOUND(request.params.id);
      onRejected?.(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
