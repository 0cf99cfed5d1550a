import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CityHistoryQuerySchema, CityHistorySchema, type City, type DeviceKindSpec, type KindLookup, type CityHistory, type CityZone, type Clock, type HistorySeries } from '@kendali/contracts';
import { storageStatus, type DeviceRegistry, type TelemetryReads } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';
import { cityHistoryExample } from './history-example';
import { maxAnswerPoints, maxSeriesPoints, selectHistory, type SelectionPart } from './history-selection';

export interface HistoryRoutesOptions {
  readonly registry: Pick<DeviceRegistry, 'list'>;
  /** The kinds there are: fields a selector may name, their units. */
  readonly kinds: KindLookup;
  readonly telemetry: Pick<TelemetryReads, 'historyAcross' | 'health' | 'storedCount'>;
  /** The cities the room watches, its own first: districts and city ids a selector may name. */
  readonly cities: readonly City[];
  /** "Now", the default end of a range. */
  readonly clock: Clock;
  /** The room's zone: a `from` or `to` without a zone is its wall-clock time, and days start at its midnight. */
  readonly zone: CityZone;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Series in one order whatever the store's: by kind, group, field, then aggregate (raw first). */
const seriesOrder = (a: HistorySeries, b: HistorySeries) => byText(a.kind, b.kind) || byText(a.group, b.group) || byText(a.field, b.field) || byText(a.fn ?? '', b.fn ?? '');

const unitOf = (spec: DeviceKindSpec, field: string): string | null => spec.fields[field]?.unit ?? null;

/** `GET /api/history`: several fields of many devices across the city, chosen by a selector, bucketed and grouped. */
export const historyRoutes: FastifyPluginAsyncTypebox<HistoryRoutesOptions> = async (app, { registry, kinds, telemetry, cities, clock, zone }) => {
  app.get(
    '/api/history',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'History across the city: fields of many devices, chosen by device, kind, district or city, in buckets, one series per device, district or kind',
        description: [
          'Selectors (`device`, `kind`, `district`, `city`, each a comma list) narrow together; at least one is needed. Each of `fields` must belong to a selected kind;',
          'a query over several kinds reads each kind for the fields it has. With `every`, each series holds one point per bucket and aggregate (`fn`); buckets',
          "start on the room city's midnight, so `every=1d` gives the city's days. Without `every`, raw readings come one series per device.",
          `Each series says the tier it was read from: raw readings, or the 1-minute or hourly roll-up. At most ${maxSeriesPoints} points a series and ${maxAnswerPoints} an answer.`,
          '',
          'Example, the mean and highest PM2.5 of each district, per hour, over 30 days:',
          '`GET /api/history?city=kota-tangerang&kind=air-quality&fields=pm25&fn=mean,max&every=1h&groupBy=district&from=2026-10-24&to=2026-11-23`',
        ].join('\n'),
        tags: ['telemetry'],
        querystring: CityHistoryQuerySchema,
        response: {
          200: { ...CityHistorySchema, examples: [cityHistoryExample] },
          400: errorAnswer('An unknown device, kind, district, city, field or aggregate, no selector, raw readings grouped by district or kind, or too many points (the message names which)'),
          503: errorAnswer('The time-series store (InfluxDB) cannot be read now'),
        },
      },
    },
    async (request) => {
      const selection = selectHistory(request.query, { devices: () => registry.list(), cities, clock, zone, kinds });
      const { fromMs, toMs, everyMs, originMs, fns, groupBy } = selection;
      const answers = await Promise.all(
        selection.parts.map(async (part: SelectionPart) => {
          const answer = await telemetry
            .historyAcross({
              kind: part.kind,
              deviceIds: part.deviceIds,
              fields: part.fields,
              fns,
              groupBy,
              fromMs,
              toMs,
              limit: maxSeriesPoints,
              ...(everyMs === undefined ? {} : { everyMs }),
              ...(originMs === undefined ? {} : { originMs }),
            })
            .catch((error: unknown) => {
              // A remote store (InfluxDB) that is down answers 503 with the reason, not a bare 500.
              const storage = storageStatus(telemetry);
              if (!storage.ok) throw new apiErrors.KENDALI_ERR_STORE_UNAVAILABLE(storage.detail);
              throw error;
            });
          return answer.series.map(
            (series): HistorySeries => ({
              group: series.group,
              kind: part.kind,
              field: series.field,
              unit: unitOf(part.spec, series.field),
              fn: series.fn,
              tier: answer.tier,
              points: series.points,
            }),
          );
        }),
      );
      return {
        from: fromMs,
        to: toMs,
        everyMs: everyMs ?? null,
        groupBy,
        series: answers.flat().sort(seriesOrder),
      } satisfies CityHistory;
    },
  );
};
