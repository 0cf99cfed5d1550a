import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  DeviceCredentialSchema,
  DeviceInputSchema,
  DeviceQuerySchema,
  DeviceRegistrationSchema,
  DeviceSchema,
  DeviceStatusSchema,
  DeviceWithSecretSchema,
  RejectionRecordSchema,
  type DeviceStatus,
} from '@kendali/contracts';
import { RegistryError, type DeviceRegistry, type LiveState, type RejectionLog } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { DeviceIdParams, errorAnswer } from '../schemas';

export interface DeviceRoutesOptions {
  readonly registry: Pick<DeviceRegistry, 'get' | 'list' | 'create' | 'upsert' | 'update' | 'remove' | 'rotateSecret'>;
  readonly live: Pick<LiveState, 'device'>;
  readonly rejections: Pick<RejectionLog, 'recent'>;
}

/** Turns registry refusals into API errors. */
export function registryFailure(error: unknown, id: string): never {
  if (error instanceof RegistryError) {
    if (error.code === 'KENDALI_ERR_DEVICE_EXISTS') throw new apiErrors.KENDALI_ERR_DEVICE_EXISTS(id);
    if (error.code === 'KENDALI_ERR_DISTRICT_UNKNOWN') throw new apiErrors.KENDALI_ERR_DISTRICT_UNKNOWN(error.message);
    if (error.code === 'KENDALI_ERR_KIND_UNKNOWN') throw new apiErrors.KENDALI_ERR_KIND_UNKNOWN(error.message);
    throw new apiErrors.KENDALI_ERR_DEVICE_NOT_FOUND(id);
  }
  throw error;
}

/** The device registry: read by everyone, changed by engineers. */
export const deviceRoutes: FastifyPluginAsyncTypebox<DeviceRoutesOptions> = async (app, { registry, live: liveState, rejections }) => {
  const withStatus = (id: string): DeviceStatus | undefined => {
    const device = registry.get(id);
    if (device === undefined) return undefined;
    const live = liveState.device(id);
    return { ...device, state: live?.state ?? 'unknown', lastSeen: live?.lastSeen ?? null, latest: live?.latest ?? null };
  };

  app.get(
    '/api/devices',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'List registered devices with their live state and newest reading',
        tags: ['devices'],
        querystring: DeviceQuerySchema,
        response: { 200: Type.Array(DeviceStatusSchema) },
      },
    },
    async (request) => {
      const { kind, district } = request.query;
      const q = request.query.q?.toLowerCase();
      return registry
        .list()
        .filter((d) => (kind === undefined || d.kind === kind) && (district === undefined || d.district === district))
        .filter((d) => q === undefined || d.id.toLowerCase().includes(q) || d.name.toLowerCase().includes(q))
        .map((d) => withStatus(d.id))
        .filter((d): d is DeviceStatus => d !== undefined);
    },
  );

  app.get(
    '/api/devices/:id',
    {
      config: { role: 'viewer' },
      schema: { summary: 'One device with its live state and newest reading', tags: ['devices'], params: DeviceIdParams, response: { 200: DeviceStatusSchema, 404: errorAnswer('No device with that id') } },
    },
    async (request) => withStatus(request.params.id) ?? registryFailure(new RegistryError('KENDALI_ERR_DEVICE_NOT_FOUND', ''), request.params.id),
  );

  app.post(
    '/api/devices',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Register a device; the answer carries its MQTT secret, shown this once',
        tags: ['devices'],
        body: DeviceRegistrationSchema,
        response: { 201: DeviceWithSecretSchema, 400: errorAnswer("The district is not one of the room's cities (the message lists them), or the body is invalid"), 409: errorAnswer('A device with that id is already registered') },
      },
    },
    async (request, reply) => {
      const { id, ...input } = request.body;
      const created = await registry.create(id, input).catch((error: unknown) => registryFailure(error, id));
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/devices/:id',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Register a device (201, with its secret) or replace a registered one\'s description (200)',
        tags: ['devices'],
        params: DeviceIdParams,
        body: DeviceInputSchema,
        response: { 200: DeviceSchema, 201: DeviceWithSecretSchema, 400: errorAnswer("The district is not one of the room's cities (the message lists them), or the body is invalid") },
      },
    },
    async (request, reply) => {
      const { device, created, secret } = await registry.upsert(request.params.id, request.body).catch((error: unknown) => registryFailure(error, request.params.id));
      return created ? reply.status(201).send({ ...device, secret: secret ?? '' }) : reply.status(200).send(device);
    },
  );

  app.patch(
    '/api/devices/:id',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Change some of a device\'s facts, e.g. {"enabled": false} to disable it',
        tags: ['devices'],
        params: DeviceIdParams,
        body: Type.Partial(DeviceInputSchema, { additionalProperties: false }),
        response: { 200: DeviceSchema, 404: errorAnswer('No device with that id') },
      },
    },
    async (request) => registry.update(request.params.id, request.body).catch((error: unknown) => registryFailure(error, request.params.id)),
  );

  app.delete(
    '/api/devices/:id',
    {
      config: { role: 'engineer' },
      schema: { summary: 'Delete a device (its stored readings stay)', tags: ['devices'], params: DeviceIdParams, response: { 204: Type.Null(), 404: errorAnswer('No device with that id') } },
    },
    async (request, reply) => {
      await registry.remove(request.params.id).catch((error: unknown) => registryFailure(error, request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/devices/:id/credentials',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Rotate a device\'s secret: the old one stops working at once; the new one is shown this once',
        tags: ['devices'],
        params: DeviceIdParams,
        response: { 200: DeviceCredentialSchema, 404: errorAnswer('No device with that id') },
      },
    },
    async (request) => {
      const secret = await registry.rotateSecret(request.params.id).catch((error: unknown) => registryFailure(error, request.params.id));
      return { id: request.params.id, secret };
    },
  );

  app.get(
    '/api/rejections',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'Most recent rejected messages with their reasons, newest first',
        tags: ['devices'],
        querystring: Type.Object({ device: Type.Optional(Type.String()), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
        response: {
          200: Type.Array(RejectionRecordSchema),
        },
      },
    },
    async (request) => rejections.recent(request.query.limit, request.query.device),
  );
};
