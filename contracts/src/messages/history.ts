import { Type, type Static } from 'typebox';
import { AggregateFnSchema } from './api-requests';
import { TelemetryPointSchema } from './api-answers';
import { historyTiers, type HistoryTier } from './rollups';
import { List, Message, Nullable, StringEnum } from './schema-builders';


/** What a city-wide history groups its series by. */
export const historyGroupings = ['device', 'district', 'kind'] as const;
export type HistoryGrouping = (typeof historyGroupings)[number];

const commaList = (description: string) => Type.Optional(Type.String({ maxLength: 4096, description }));

/**
 * `GET /api/history` (and `GET /api/export`): several fields of many devices, chosen by a selector,
 * in buckets and grouped. Selectors combine (AND); at least one is needed.
 */
export const CityHistoryQuerySchema = Message({
  device: commaList('Device ids, comma-separated'),
  kind: commaList('Device kinds, comma-separated, e.g. air-quality'),
  district: commaList('Districts (name or id), comma-separated'),
  city: commaList('City ids, comma-separated, e.g. kota-tangerang'),
  fields: Type.String({ maxLength: 1024, description: 'Fields, comma-separated, e.g. pm25,pm10; each must belong to a selected kind' }),
  from: Type.Optional(Type.String({ maxLength: 64, description: "Start, ms epoch or ISO 8601; without a zone, the wall-clock time of the room's city (default: a day before `to`)" })),
  to: Type.Optional(Type.String({ maxLength: 64, description: "End, exclusive, ms epoch or ISO 8601; without a zone, the room city's wall-clock time (default: now)" })),
  every: Type.Optional(Type.String({ maxLength: 64, description: 'Bucket width such as 5m, 1h, 1d; absent = raw readings (grouped by device only)' })),
  fn: Type.String({ maxLength: 128, default: 'mean', description: 'Aggregates per bucket, comma-separated: mean, min, max, last, count' }),
  groupBy: StringEnum<HistoryGrouping>(historyGroupings, { default: 'device', description: 'One series per device, district or kind' }),
});
export type CityHistoryQuery = Static<typeof CityHistoryQuerySchema>;

/** One series of a city-wide history: one group, one field, one aggregate. */
export const HistorySeriesSchema = Message({
  /** The device id, district name or kind the series is for. */
  group: Type.String(),
  kind: Type.String(),
  field: Type.String(),
  unit: Nullable(Type.String()),
  fn: Nullable(AggregateFnSchema),
  tier: StringEnum<HistoryTier>(historyTiers, { description: 'Raw readings or the roll-up the series was read from' }),
  points: List(TelemetryPointSchema),
});
export type HistorySeries = Static<typeof HistorySeriesSchema>;

export const CityHistorySchema = Message({
  from: Type.Number({ description: 'ms epoch' }),
  to: Type.Number({ description: 'ms epoch, exclusive' }),
  everyMs: Nullable(Type.Number()),
  groupBy: StringEnum<HistoryGrouping>(historyGroupings),
  series: List(HistorySeriesSchema),
});
export type CityHistory = Static<typeof CityHistorySchema>;

/** The file formats `GET /api/export` writes. */
export const exportFormats = ['csv', 'parquet', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** `GET /api/export`: a history selection (raw readings without `every`) and the file format. */
export const ExportQuerySchema = Message({
  ...CityHistoryQuerySchema.properties,
  format: StringEnum<ExportFormat>(exportFormats, { default: 'csv', description: 'csv (UTF-8), parquet or xlsx' }),
});
export type ExportQuery = Static<typeof ExportQuerySchema>;
