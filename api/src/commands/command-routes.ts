import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CommandQuerySchema, CommandRequestSchema, CommandSchema, GroupCommandRequestSchema } from '@kendali/contracts';
import { IngestError, type Commands } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { DeviceIdParams, errorAnswer } from '../schemas';
import { actingAs } from '../auth/acting-as';

export interface CommandRoutesOptions {
  readonly commands: Pick<Commands, 'send' | 'sendToGroup' | 'get' | 'query'>;
}

const CommandIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const RefusedCommand = errorAnswer("The kind has no such command (the message lists its commands), or the params break the command's schema (the message names the JSON path)");

/** Turns the command service's refusals into API errors; `id` is the device asked for, if one was. */
function commandFailure(error: unknown, id?: string): never {
  if (error instanceof IngestError) {
    if (error.code === 'KENDALI_ERR_COMMAND_UNKNOWN') throw new apiErrors.KENDALI_ERR_COMMAND_UNKNOWN(error.message);
    if (error.code === 'KENDALI_ERR_COMMAND_PARAMS') throw new apiErrors.KENDALI_ERR_COMMAND_PARAMS(error.message);
    if (error.code === 'KENDALI_ERR_COMMAND_NO_DEVICES') throw new apiErrors.KENDALI_ERR_COMMAND_NO_DEVICES(error.message);
    if (error.code === 'KENDALI_ERR_DEVICE_NOT_FOUND') {
      throw id === undefined ? new apiErrors.KENDALI_ERR_SELECTOR_INVALID(error.message) : new apiErrors.KENDALI_ERR_DEVICE_NOT_FOUND(id);
    }
  }
  throw error;
}

/** Commands to devices: operators send them, everyone may follow them. */
export const commandRoutes: FastifyPluginAsyncTypebox<CommandRoutesOptions> = async (app, { commands }) => {

  app.post(
    '/api/devices/:id/commands',
    {
      config: { role: 'operator' },
      schema: {
        summary: "Send a command of the device's kind (its profile lists them); it waits for the device until its time to live runs out",
        tags: ['commands'],
        params: DeviceIdParams,
        body: CommandRequestSchema,
        response: { 201: CommandSchema, 400: RefusedCommand, 404: errorAnswer('No device with that id') },
      },
    },
    async (request, reply) => {
      const { name, params, ttlS } = request.body;
      const command = await commands.send(request.params.id, { name, params, ttlS, createdBy: actingAs(request) }).catch((error: unknown) => commandFailure(error, request.params.id));
      return reply.status(201).send(command);
    },
  );

  app.post(
    '/api/commands',
    {
      config: { role: 'operator' },
      schema: {
        summary: 'Send the same command to every device a selector picks (device ids, kind, district; all given must hold); checked for every device before any is sent',
        tags: ['commands'],
        body: GroupCommandRequestSchema,
        response: { 201: Type.Array(CommandSchema), 400: errorAnswer('The selector names unknown devices or matches none, or the command or its params do not fit a device picked') },
      },
    },
    async (request, reply) => {
      const { selector, name, params, ttlS } = request.body;
      const sent = await commands.sendToGroup(selector, { name, params, ttlS, createdBy: actingAs(request) }).catch((error: unknown) => commandFailure(error));
      return reply.status(201).send(sent);
    },
  );

  app.get(
    '/api/commands',
    {
      config: { role: 'viewer' },
      schema: { summary: 'Commands, newest first, by device and state', tags: ['commands'], querystring: CommandQuerySchema, response: { 200: Type.Array(CommandSchema) } },
    },
    async (request) => {
      const { device, state, limit } = request.query;
      return commands.query({ limit, ...(device === undefined ? {} : { deviceId: device }), ...(state === undefined ? {} : { state }) });
    },
  );

  app.get(
    '/api/commands/:id',
    {
      config: { role: 'viewer' },
      schema: { summary: 'One command and where it stands', tags: ['commands'], params: CommandIdParams, response: { 200: CommandSchema, 404: errorAnswer('No command with that id') } },
    },
    async (request) => {
      const command = await commands.get(request.params.id);
      if (command === undefined) throw new apiErrors.KENDALI_ERR_COMMAND_NOT_FOUND(request.params.id);
      return command;
    },
  );
};
