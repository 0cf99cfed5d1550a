import { performance } from 'node:perf_hooks';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RollupRebuildAnswerSchema, RollupRebuildRequestSchema, type CityZone, type KindLookup, type RollupRebuildAnswer } from '@kendali/contracts';
import type { TelemetryReads } from '@kendali/ingest';
import { parseInstantMs } from '../duration';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';

export interface RollupRoutesOptions {
  readonly telemetry: Pick<TelemetryReads, 'rebuildRollups'>;
  readonly kinds: KindLookup;
  /** The room's zone: a `from` or `to` without a zone is its wall-clock time. */
  readonly zone: CityZone;
}

/** Roll-up upkeep for administrators: rebuild a past range after a backfill of late readings. */
export const rollupRoutes: FastifyPluginAsyncTypebox<RollupRoutesOptions> = async (app, { telemetry, kinds, zone }) => {
  app.post(
    '/api/admin/rollups/rebuild',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Recompute the 1-minute and 1-hour roll-ups of a past range (whole hours) from the raw readings still kept',
        tags: ['telemetry'],
        body: RollupRebuildRequestSchema,
        response: { 200: RollupRebuildAnswerSchema, 400: errorAnswer('`from` or `to` is not a time, or `from` is not before `to`'), 404: errorAnswer('No profile defines the kind named') },
      },
    },
    async (request) => {
      const { from, to, kind } = request.body;
      const instant = (name: 'from' | 'to', text: string) => {
        const ms = parseInstantMs(text, zone.timeZone);
        if (ms === undefined) throw new apiErrors.KENDALI_ERR_RANGE_INVALID(`"${name}" must be ms epoch or ISO 8601 (without a zone, the city's zone: ${zone.abbreviation}), got "${text}"`);
        return ms;
      };
      const fromMs = instant('from', from);
      const toMs = instant('to', to);
      if (fromMs >= toMs) throw new apiErrors.KENDALI_ERR_RANGE_INVALID('"from" must be before "to"');
      if (kind !== undefined && kinds.spec(kind) === undefined) throw new apiErrors.KENDALI_ERR_KIND_UNKNOWN(`"${kind}" (known: ${kinds.all().map((spec) => spec.kind).join(', ')})`);
      const started = performance.now();
      const { buckets } = await telemetry.rebuildRollups({ fromMs, toMs, ...(kind === undefined ? {} : { kind }) });
      return { buckets, tookMs: Math.round(performance.now() - started) } satisfies RollupRebuildAnswer;
    },
  );
};
