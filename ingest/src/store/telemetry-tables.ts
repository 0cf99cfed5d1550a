import type { DeviceKind, DeviceKindSpec, FieldSpec } from '@kendali/contracts';

/**
 * One wide table per device kind (a column per field): measured faster and with a third of the
 * write-ahead log of a narrow (device, field, value) table (docs/architecture.md, decisions).
 */
export const tableName = (kind: DeviceKind): string => `telemetry_${kind.replaceAll('-', '_')}`;

export type ColumnKind = 'boolean' | 'bigint' | 'double' | 'varchar';

/** Physical column layout of one kind's table, read from the file so older files append correctly. */
export interface TableLayout {
  readonly fieldColumns: readonly { readonly name: string; readonly kind: ColumnKind }[];
}

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The column a field type is stored in. */
export function columnKindOf(type: FieldSpec['type']): ColumnKind {
  switch (type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'bigint';
    case 'number':
      return 'double';
    case 'string':
      // VARCHAR, not an ENUM type: a profile may list new values or drop old ones without rewriting the table.
      return 'varchar';
  }
}

const sqlTypes: Readonly<Record<ColumnKind, string>> = { boolean: 'BOOLEAN', bigint: 'BIGINT', double: 'DOUBLE', varchar: 'VARCHAR' };

export const sqlType = (kind: ColumnKind): string => sqlTypes[kind];

/** The column kind of a DuckDB type name as `information_schema` spells it. */
export const columnKindOfSql = (type: string): ColumnKind => (Object.entries(sqlTypes).find(([, sql]) => sql === type)?.[0] as ColumnKind | undefined) ?? 'double';

const columnType = (field: FieldSpec): string => sqlType(columnKindOf(field.type));

/**
 * DDL that creates a kind's table, and adds columns a newer contract defines to an older file.
 * A device has one reading per timestamp, as in InfluxDB (a point is its series and time); files
 * made before the key existed get it on open (`telemetry-key.ts`).
 */
export function tableDdl(spec: DeviceKindSpec): string[] {
  const table = tableName(spec.kind);
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${table} (device_id VARCHAR NOT NULL, district VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, received_at TIMESTAMP NOT NULL,
      PRIMARY KEY (device_id, ts))`,
  ];
  for (const [name, field] of Object.entries(spec.fields)) {
    statements.push(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${quoteIdent(name)} ${columnType(field)}`);
  }
  return statements;
}
