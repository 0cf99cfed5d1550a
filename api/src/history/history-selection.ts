import { aggregateFns, zoneOffsetMs, type AggregateFn, type DeviceKindSpec, type KindLookup, type City, type CityHistoryQuery, type CityZone, type Clock, type Device, type DeviceKind, type HistoryGrouping } from '@kendali/contracts';
import { DistrictNames } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { refuseUnsupportedAggregates } from './string-aggregates';
import { parseTimeRange } from './time-range';

/** One store query of a selection: the devices of one kind and the fields of it that were asked for. */
export interface SelectionPart {
  readonly kind: DeviceKind;
  /** The kind's profile in force: field types and units. */
  readonly spec: DeviceKindSpec;
  readonly deviceIds: readonly string[];
  readonly fields: readonly string[];
}

/** A city-wide history query, checked and resolved against the registry and the room's cities. */
export interface HistorySelection {
  readonly parts: readonly SelectionPart[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly everyMs?: number;
  /** Buckets start on the room's midnight (its zone's offset), so a day is the city's day. */
  readonly originMs?: number;
  readonly fns: readonly AggregateFn[];
  readonly groupBy: HistoryGrouping;
}

export interface SelectionContext {
  readonly devices: () => readonly Device[];
  readonly cities: readonly City[];
  readonly clock: Clock;
  readonly zone: CityZone;
  readonly kinds: KindLookup;
}

const defaultWindowMs = 86_400_000; // 1 day
/** Most points per series, and in one answer over all its series. */
export const maxSeriesPoints = 10_000;
export const maxAnswerPoints = 500_000;

const list = (text: string | undefined): string[] | undefined => {
  if (text === undefined) return undefined;
  const items = [...new Set(text.split(',').map((item) => item.trim()).filter((item) => item !== ''))];
  return items;
};

const invalid = (message: string) => new apiErrors.KENDALI_ERR_SELECTOR_INVALID(message);

/**
 * Resolves `device`, `kind`, `district` and `city` (each a comma list; together they narrow, like
 * AND) to the registered devices they name, split by kind, and checks fields, aggregates and the
 * range. A selector naming nothing known is an error that lists what is; a selection that matches
 * no device is an empty answer, not an error.
 */
export function selectHistory(query: CityHistoryQuery, context: SelectionContext): HistorySelection {
  const deviceIds = list(query.device);
  const kinds = list(query.kind);
  const districts = list(query.district);
  const cityIds = list(query.city);
  if ([deviceIds, kinds, districts, cityIds].every((selector) => selector === undefined || selector.length === 0)) {
    throw invalid('name at least one of device, kind, district or city');
  }
  for (const kind of kinds ?? []) {
    if (context.kinds.spec(kind) === undefined) throw invalid(`unknown kind "${kind}"; kinds are ${context.kinds.all().map((spec) => spec.kind).join(', ')}`);
  }
  const names = new DistrictNames(context.cities);
  const districtNames = districts?.map((district) => {
    const canonical = names.canonical(district);
    if (canonical === undefined) throw new apiErrors.KENDALI_ERR_DISTRICT_UNKNOWN(names.unknownMessage(district));
    return canonical;
  });
  const cityDistricts = cityIds?.flatMap((id) => {
    const city = context.cities.find((candidate) => candidate.id === id);
    if (city === undefined) throw invalid(`unknown city "${id}"; the room watches ${context.cities.map((c) => c.id).join(', ')}`);
    return city.districts.map((district) => district.name);
  });
  const all = context.devices();
  if (deviceIds !== undefined) {
    const known = new Set(all.map((device) => device.id));
    const unknown = deviceIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw invalid(`no device is registered as ${unknown.map((id) => `"${id}"`).join(', ')}`);
  }
  const selected = all.filter(
    (device) =>
      (deviceIds === undefined || deviceIds.includes(device.id)) &&
      (kinds === undefined || kinds.includes(device.kind)) &&
      (districtNames === undefined || districtNames.includes(device.district)) &&
      (cityDistricts === undefined || cityDistricts.includes(device.district)),
  );

  const fields = list(query.fields) ?? [];
  if (fields.length === 0) throw invalid('name at least one field in "fields", e.g. fields=pm25');
  const candidateKinds = [...new Set<DeviceKind>([...(kinds ?? []), ...selected.map((device) => device.kind)])].flatMap((kind) => context.kinds.spec(kind) ?? []);
  for (const field of fields) {
    if (!candidateKinds.some((spec) => Object.hasOwn(spec.fields, field))) {
      const known = candidateKinds.map((spec) => `${spec.kind}: ${Object.keys(spec.fields).join(', ')}`).join('; ');
      throw invalid(`no selected kind has the field "${field}"${known === '' ? '' : ` (${known})`}`);
    }
  }
  const fns = list(query.fn) ?? ['mean'];
  for (const fn of fns) {
    if (!(aggregateFns as readonly string[]).includes(fn)) throw invalid(`unknown aggregate "${fn}"; use ${aggregateFns.join(', ')}`);
  }

  const range = parseTimeRange(query, { clock: context.clock, zone: context.zone, defaultWindowMs });
  if (range.everyMs === undefined && query.groupBy !== 'device') {
    throw invalid(`raw readings come one series per device; give "every" (e.g. every=1h) to group by ${query.groupBy}`);
  }

  const byKind = new Map<DeviceKind, string[]>();
  for (const device of selected) byKind.set(device.kind, [...(byKind.get(device.kind) ?? []), device.id]);
  const parts: SelectionPart[] = [];
  for (const [kind, ids] of byKind) {
    const spec = context.kinds.spec(kind);
    if (spec === undefined) continue;
    const kindFields = fields.filter((field) => Object.hasOwn(spec.fields, field));
    if (range.everyMs !== undefined) for (const field of kindFields) refuseUnsupportedAggregates(spec, field, fns as AggregateFn[]);
    if (kindFields.length > 0) parts.push({ kind, spec, deviceIds: ids, fields: kindFields });
  }

  const aggregates = range.everyMs === undefined ? 1 : fns.length;
  const groupsOf = (part: SelectionPart) => (query.groupBy === 'device' ? part.deviceIds.length : query.groupBy === 'kind' ? 1 : new Set(selected.filter((d) => d.kind === part.kind).map((d) => d.district)).size);
  const seriesCount = parts.reduce((sum, part) => sum + groupsOf(part) * part.fields.length * aggregates, 0);
  if (range.everyMs !== undefined) {
    const buckets = Math.ceil((range.toMs - range.fromMs) / range.everyMs);
    if (buckets > maxSeriesPoints) throw new apiErrors.KENDALI_ERR_RANGE_INVALID(`${query.every} buckets over this range exceed ${maxSeriesPoints} points a series; choose a wider "every"`);
    if (buckets * seriesCount > maxAnswerPoints) {
      throw new apiErrors.KENDALI_ERR_RANGE_INVALID(`${seriesCount} series of ${buckets} buckets exceed ${maxAnswerPoints} points; choose a wider "every", fewer fields or a coarser groupBy`);
    }
    return { parts, ...range, originMs: -zoneOffsetMs(range.fromMs, context.zone.timeZone), fns: fns as AggregateFn[], groupBy: query.groupBy };
  }
  return { parts, ...range, fns: fns as AggregateFn[], groupBy: query.groupBy };
}
