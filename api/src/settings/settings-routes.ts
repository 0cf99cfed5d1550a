import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DeviceSettingsSchema, SettingsQuerySchema, SettingsRequestSchema } from '@kendali/contracts';
import { IngestError, type Settings } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { DeviceIdParams, errorAnswer } from '../schemas';
import { actingAs } from '../auth/acting-as';

export interface SettingsRoutesOptions {
  readonly settings: Pick<Settings, 'put' | 'get' | 'list'>;
}

const RefusedSettings = errorAnswer("The kind has no such setting, or a value breaks the setting's schema: the message names the setting and the JSON path. Nothing was changed");

/** Turns the settings service's refusals into API errors. */
function settingsFailure(error: unknown, id: string): never {
  if (error instanceof IngestError) {
    if (error.code === 'KENDALI_ERR_SETTING_UNKNOWN') throw new apiErrors.KENDALI_ERR_SETTING_UNKNOWN(error.message);
    if (error.code === 'KENDALI_ERR_SETTING_VALUE') throw new apiErrors.KENDALI_ERR_SETTING_VALUE(error.message);
    if (error.code === 'KENDALI_ERR_DEVICE_DISABLED') throw new apiErrors.KENDALI_ERR_DEVICE_DISABLED(id);
    if (error.code === 'KENDALI_ERR_DEVICE_NOT_FOUND') throw new apiErrors.KENDALI_ERR_DEVICE_NOT_FOUND(id);
  }
  throw error;
}

/** Devices' settings (desired state): engineers set them, everyone may see where each device stands. */
export const settingsRoutes: FastifyPluginAsyncTypebox<SettingsRoutesOptions> = async (app, { settings }) => {

  app.put(
    '/api/devices/:id/settings',
    {
      config: { role: 'engineer' },
      schema: {
        summary: "Set the device's desired settings (the whole set: one left out is no longer desired); each is checked against its kind's profile, kept, and published retained on kendali/v1/devices/{id}/settings",
        tags: ['settings'],
        params: DeviceIdParams,
        body: SettingsRequestSchema,
        response: { 200: DeviceSettingsSchema, 400: RefusedSettings, 404: errorAnswer('No device with that id'), 409: errorAnswer('The device is disabled') },
      },
    },
    async (request) => settings.put(request.params.id, request.body.settings, actingAs(request)).catch((error: unknown) => settingsFailure(error, request.params.id)),
  );

  app.get(
    '/api/devices/:id/settings',
    {
      config: { role: 'viewer' },
      schema: {
        summary: "The device's desired and reported settings, the settings that differ, and its state: none, pending, in-sync or drift",
        tags: ['settings'],
        params: DeviceIdParams,
        response: { 200: DeviceSettingsSchema, 404: errorAnswer('No device with that id') },
      },
    },
    async (request) => {
      const answer = settings.get(request.params.id);
      if (answer === undefined) throw new apiErrors.KENDALI_ERR_DEVICE_NOT_FOUND(request.params.id);
      return answer;
    },
  );

  app.get(
    '/api/settings',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'Every device with settings (desired or reported), optionally only those in one state, e.g. drift',
        tags: ['settings'],
        querystring: SettingsQuerySchema,
        response: { 200: Type.Array(DeviceSettingsSchema) },
      },
    },
    async (request) => settings.list(request.query.state),
  );
};
