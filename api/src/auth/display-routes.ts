import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DisplayPairingConfirmSchema, DisplayPairingSchema, DisplayPairingStateSchema, DisplaySchema, pairingCodePattern } from '@kendali/contracts';
import { PairingRefused, type DisplayPairings, type Displays } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';
import { actingAs } from './acting-as';

export interface DisplayRoutesOptions {
  readonly displays: Pick<Displays, 'list' | 'revoke'>;
  readonly pairings: Pick<DisplayPairings, 'begin' | 'poll' | 'confirm'>;
}

const dayMs = 86_400_000;

/**
 * Wall screens. A wall without a credential asks for a pairing code (public, rate-limited per
 * address) and shows it; an admin confirms the code with the wall's name and how long it may read;
 * the wall, asking with its secret poll id, receives its display credential once. Admins list the
 * displays and revoke one at once (its open streams end within seconds).
 */
export const displayRoutes: FastifyPluginAsyncTypebox<DisplayRoutesOptions> = async (app, { displays, pairings }) => {
  app.post(
    '/api/displays/pairings',
    {
      config: { public: true },
      schema: {
        summary: 'A wall screen without a credential asks for a short code to show; an admin confirms it (rate-limited per address)',
        tags: ['displays'],
        response: { 201: DisplayPairingSchema, 429: errorAnswer('Too many codes asked for from this address, or waiting at once; Retry-After says when to ask again') },
      },
    },
    async (request, reply) => {
      try {
        return await reply.status(201).send(await pairings.begin(request.ip));
      } catch (error) {
        if (!(error instanceof PairingRefused)) throw error;
        void reply.header('retry-after', String(error.retryAfterS ?? 60));
        throw new apiErrors.KENDALI_ERR_PAIRING_RATE(error.reason === 'rate' ? 'from this address' : 'at once', error.retryAfterS ?? 60);
      }
    },
  );

  app.get(
    '/api/displays/pairings/:pollId',
    {
      config: { public: true },
      schema: {
        summary: 'The wall asks, with the secret poll id it was given, whether its code was confirmed; once it is, the credential is answered this once',
        tags: ['displays'],
        params: Type.Object({ pollId: Type.String({ maxLength: 100 }) }),
        response: { 200: DisplayPairingStateSchema, 404: errorAnswer('No pairing with this poll id: expired, already handed over, or forgotten at a restart; ask for a new code') },
      },
    },
    async (request) => (await pairings.poll(request.params.pollId)) ?? reply404(),
  );

  app.post(
    '/api/displays/pairings/:code/confirm',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Confirm the code a wall screen shows: it becomes a display named so, reading until validDays from now',
        tags: ['displays'],
        params: Type.Object({ code: Type.String({ pattern: pairingCodePattern, description: 'The code the wall shows, e.g. ACDE-FGHJ (any case, dash optional)' }) }),
        body: DisplayPairingConfirmSchema,
        response: { 201: DisplaySchema, 404: errorAnswer('No wall waits with this code') },
      },
    },
    async (request, reply) => {
      try {
        const display = await pairings.confirm(request.params.code, request.body.name, request.body.validDays * dayMs, actingAs(request));
        return await reply.status(201).send(display);
      } catch (error) {
        if (error instanceof PairingRefused) throw new apiErrors.KENDALI_ERR_PAIRING_NOT_FOUND(`code ${request.params.code}`);
        throw error;
      }
    },
  );

  app.get(
    '/api/displays',
    { config: { role: 'admin' }, schema: { summary: 'Wall screens paired, newest first, with when each was last seen and whether it was revoked', tags: ['displays'], response: { 200: Type.Array(DisplaySchema) } } },
    async () => displays.list(),
  );

  app.delete(
    '/api/displays/:id',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Revoke a wall screen at once: its requests are refused and its open live stream ends within seconds',
        tags: ['displays'],
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 204: Type.Null(), 404: errorAnswer('No wall screen with that id') },
      },
    },
    async (request, reply) => {
      if ((await displays.revoke(request.params.id)) === undefined) throw new apiErrors.KENDALI_ERR_DISPLAY_NOT_FOUND(request.params.id);
      return reply.status(204).send(null);
    },
  );
};

function reply404(): never {
  throw new apiErrors.KENDALI_ERR_PAIRING_NOT_FOUND('this poll id');
}
