import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireKind, TelemetryHistorySchema, type KindLookup, TelemetryQuerySchema, type CityZone, type Clock, type TelemetryHistory } from '@kendali/contracts';
import { storageStatus, type DeviceRegistry, type TelemetryReads } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { refuseUnsupportedAggregates } from '../history/string-aggregates';
import { parseTimeRange } from '../history/time-range';
import { errorAnswer } from '../schemas';

export interface TelemetryPluginOptions {
  readonly registry: Pick<DeviceRegistry, 'get'>;
  /** The kinds there are: a device's fields and their units. */
  readonly kinds: KindLookup;
  readonly telemetry: Pick<TelemetryReads, 'history' | 'historyTier' | 'health' | 'storedCount'>;
  /** "Now", the default end of a range. */
  readonly clock: Clock;
  /** The room's zone: a `from` or `to` without a zone is its wall-clock time. */
  readonly zone: CityZone;
}

const maxPoints = 10_000;
const defaultWindowMs = 3_600_000; // 1 hour

/** Stored history of one field of one device, raw or in time buckets. */
export const telemetryPlugin: FastifyPluginAsyncTypebox<TelemetryPluginOptions> = async (app, { registry, kinds, telemetry, clock, zone }) => {
  app.get(
    '/api/telemetry',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'History of one field of one device, raw or rolled up into time buckets',
        tags: ['telemetry'],
        querystring: TelemetryQuerySchema,
        response: {
          200: TelemetryHistorySchema,
          404: errorAnswer('No device with that id'),
          503: errorAnswer('The time-series store (InfluxDB) cannot be read now'),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const device = registry.get(q.device);
      if (device === undefined) throw new apiErrors.KENDALI_ERR_DEVICE_NOT_FOUND(q.device);
      const spec = requireKind(kinds, device.kind);
      const fieldSpec = spec.fields[q.field];
      if (fieldSpec === undefined) {
        throw new apiErrors.KENDALI_ERR_FIELD_UNKNOWN(device.kind, q.field, Object.keys(spec.fields).join(', '));
      }
      const { fromMs, toMs, everyMs } = parseTimeRange(q, { clock, zone, defaultWindowMs });
      if (everyMs !== undefined && (toMs - fromMs) / everyMs > maxPoints) {
        throw new apiErrors.KENDALI_ERR_RANGE_INVALID(`${q.every} buckets over this range exceed ${maxPoints} points; choose a wider "every"`);
      }
      const { fn } = q;
      if (everyMs !== undefined) refuseUnsupportedAggregates(spec, q.field, [fn]);
      const query = {
        deviceId: device.id,
        kind: device.kind,
        field: q.field,
        fromMs,
        toMs,
        fn,
        limit: maxPoints,
        ...(everyMs === undefined ? {} : { everyMs }),
      };
      const points = await telemetry
        .history(query)
        .catch((error: unknown) => {
          // A remote store (InfluxDB) that is down answers 503 with the reason, not a bare 500.
          const storage = storageStatus(telemetry);
          if (!storage.ok) throw new apiErrors.KENDALI_ERR_STORE_UNAVAILABLE(storage.detail);
          throw error;
        });
      return {
        device: device.id,
        field: q.field,
        unit: fieldSpec.unit ?? null,
        fn: everyMs === undefined ? null : fn,
        everyMs: everyMs ?? null,
        from: fromMs,
        to: toMs,
        tier: telemetry.historyTier?.(query) ?? 'raw',
        points,
      } satisfies TelemetryHistory;
    },
  );
};
