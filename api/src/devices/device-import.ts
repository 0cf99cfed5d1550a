import { parse } from 'csv-parse/sync';
import { builtInKinds, deviceIdPattern, type DeviceInput, type KindLookup, type DeviceMetadataValue, type ImportProblem } from '@kendali/contracts';
import type { DistrictNames } from '@kendali/ingest';

interface ImportRow extends DeviceInput {
  readonly id: string;
}

/** Where a device may stand: its district's canonical name, or what to say about one no configured city has. */
export type ImportDistricts = Pick<DistrictNames, 'canonical' | 'unknownMessage'>;

export interface ParsedImport {
  readonly rows: readonly ImportRow[];
  readonly problems: readonly ImportProblem[];
}

/** Columns with a meaning; any other CSV column goes into the device's metadata. */
const knownColumns = new Set(['id', 'kind', 'name', 'district', 'lat', 'lon', 'installDate', 'install_date', 'enabled', 'metadata']);
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function parseCsvImport(text: string, districts: ImportDistricts, kinds: KindLookup = builtInKinds): ParsedImport {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, id: null, message: `not readable as CSV: ${(error as Error).message}` }] };
  }
  return collect(records.map(({ record, info }) => ({ line: info.lines, raw: fromCsv(record) })), districts, kinds);
}

export function parseJsonImport(body: unknown, districts: ImportDistricts, kinds: KindLookup = builtInKinds): ParsedImport {
  if (!Array.isArray(body)) return { rows: [], problems: [{ line: 1, id: null, message: 'the JSON body must be an array of devices' }] };
  return collect(body.map((raw, index) => ({ line: index + 1, raw: typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {} })), districts, kinds);
}

/**
 * A CSV cell is text, but metadata has types that rules depend on (a post's `siaga3Cm` must be a
 * number): a cell that reads back exactly as a number (as export writes one) or as true/false takes
 * that type; anything else, such as `007` or `v2.1`, stays text.
 */
function metadataCell(value: string): DeviceMetadataValue {
  if (value === 'true' || value === 'false') return value === 'true';
  const number = Number(value);
  return Number.isFinite(number) && String(number) === value ? number : value;
}

/** A `metadata` column holds a JSON object; separate columns are added to it and win. */
function metadataColumn(value: string | undefined): unknown {
  if (value === undefined || value === '') return {};
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function fromCsv(record: Record<string, string>): Record<string, unknown> {
  let metadata = metadataColumn(record.metadata);
  if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)) {
    const merged = { ...(metadata as Record<string, DeviceMetadataValue>) };
    for (const [column, value] of Object.entries(record)) if (!knownColumns.has(column) && value !== '') merged[column] = metadataCell(value);
    metadata = merged;
  }
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    district: record.district,
    lat: record.lat === '' || record.lat === undefined ? null : Number(record.lat),
    lon: record.lon === '' || record.lon === undefined ? null : Number(record.lon),
    installDate: (record.installDate ?? record.install_date) || null,
    enabled: record.enabled === undefined || record.enabled === '' ? undefined : record.enabled,
    metadata,
  };
}

function collect(items: readonly { line: number; raw: Record<string, unknown> }[], districts: ImportDistricts, kinds: KindLookup): ParsedImport {
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, raw } of items) {
    const result = validate(raw, districts, kinds);
    const id = typeof raw.id === 'string' ? raw.id : null;
    if (typeof result === 'string') {
      problems.push({ line, id, message: result });
      continue;
    }
    const first = seen.get(result.id);
    if (first !== undefined) {
      problems.push({ line, id, message: `id "${result.id}" appears again (first on line ${first})` });
      continue;
    }
    seen.set(result.id, line);
    rows.push(result);
  }
  return { rows, problems };
}

/** A device row, or what is wrong with it. */
function validate(raw: Record<string, unknown>, districts: ImportDistricts, kinds: KindLookup): ImportRow | string {
  const { id, kind, name, district, lat, lon, installDate, enabled, metadata } = raw;
  if (typeof id !== 'string' || !deviceIdPattern.test(id)) return `id ${JSON.stringify(id ?? '')} must be 1-64 letters, digits, dots, dashes or underscores`;
  if (typeof kind !== 'string' || kinds.spec(kind) === undefined) return `kind ${JSON.stringify(kind ?? '')} is not one of ${kinds.all().map((spec) => spec.kind).join(', ')}`;
  if (typeof name !== 'string' || name.trim() === '') return 'name is empty';
  if (typeof district !== 'string' || district.trim() === '') return 'district is empty';
  const districtName = districts.canonical(district);
  if (districtName === undefined) return districts.unknownMessage(district.trim());
  if (lat !== null && lat !== undefined && (typeof lat !== 'number' || !(lat >= -90 && lat <= 90))) return `lat ${String(lat)} is not a latitude (-90 … 90)`;
  if (lon !== null && lon !== undefined && (typeof lon !== 'number' || !(lon >= -180 && lon <= 180))) return `lon ${String(lon)} is not a longitude (-180 … 180)`;
  if (installDate !== null && installDate !== undefined && (typeof installDate !== 'string' || !isoDate.test(installDate) || Number.isNaN(Date.parse(installDate)))) {
    return `installDate ${JSON.stringify(installDate)} is not a date like 2026-11-22`;
  }
  let on: boolean | undefined;
  if (enabled === undefined || typeof enabled === 'boolean') on = enabled;
  else if (['true', '1', 'yes'].includes(String(enabled).toLowerCase())) on = true;
  else if (['false', '0', 'no'].includes(String(enabled).toLowerCase())) on = false;
  else return `enabled ${JSON.stringify(enabled)} must be true or false`;
  if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))) return 'metadata must be a JSON object, e.g. {"gate":"pintu-air-10"}';
  const badValue = Object.entries(metadata ?? {}).find(([, value]) => !['string', 'number', 'boolean'].includes(typeof value));
  if (badValue) return `metadata "${badValue[0]}" must be text, a number or true/false`;
  return {
    id,
    kind,
    name: name.trim(),
    district: districtName,
    lat: (lat as number | null | undefined) ?? null,
    lon: (lon as number | null | undefined) ?? null,
    installDate: (installDate as string | null | undefined) ?? null,
    ...(on === undefined ? {} : { enabled: on }),
    metadata: (metadata as Record<string, DeviceMetadataValue> | undefined) ?? {},
  };
}
