import type { DuckDBConnection } from '@duckdb/node-api';
import type { DeviceKind, DeviceKindSpec, FieldSpec } from '@kendali/contracts';
import { IngestError } from '../errors';
import { rollupDdl, rollupTableName, tileColumn, tileParts } from './rollup-tables';
import { columnKindOf, columnKindOfSql, quoteIdent, sqlType, tableDdl, tableName, type ColumnKind, type TableLayout } from './telemetry-tables';

const fixedColumns = new Set(['device_id', 'district', 'ts', 'received_at']);
const tiers = ['1m', '1h'] as const;

type Column = TableLayout['fieldColumns'][number];

/** Physical column layout of one kind's table, read from the file (older files, evolved tables). */
export async function readLayout(connection: DuckDBConnection, kind: DeviceKind): Promise<TableLayout> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $table ORDER BY ordinal_position`,
    { table: tableName(kind) },
  );
  const fieldColumns: Column[] = [];
  for (const row of reader.getRowObjectsJS()) {
    const name = String(row.column_name);
    if (fixedColumns.has(name)) continue;
    fieldColumns.push({ name, kind: columnKindOfSql(String(row.data_type)) });
  }
  return { fieldColumns };
}

/**
 * Makes a kind's tables fit a new version of its profile, in one transaction on the write
 * connection (the caller holds the group commit and the roll-up job): a table and roll-up tables
 * for a new kind, columns for new fields, a type change the stored readings can follow. A removed
 * field keeps its column, so its history stays readable by name. Refuses with
 * `KENDALI_ERR_PROFILE_CONFLICT` (and changes nothing) a type change they cannot follow.
 * Resolves with the layout read back from the file.
 */
export async function evolveKindTables(connection: DuckDBConnection, next: DeviceKindSpec, previous: DeviceKindSpec | undefined, current: TableLayout | undefined): Promise<TableLayout> {
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const statement of await retypeStatements(connection, next, previous, current?.fieldColumns ?? [])) await connection.run(statement);
    for (const statement of tableDdl(next)) await connection.run(statement);
    const layout = await readLayout(connection, next.kind);
    for (const statement of rollupDdl(next.kind, layout)) await connection.run(statement);
    await connection.run('COMMIT');
    return layout;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

const fieldTypeOf: Record<ColumnKind, FieldSpec['type']> = { boolean: 'boolean', bigint: 'integer', double: 'number', varchar: 'string' };

/**
 * The DDL for fields whose column was made for another type, or a conflict. A DOUBLE column takes
 * integers as they are (every whole number up to 2^53 is exact in it), so number → integer only
 * checks that what is stored is whole; integer → number widens BIGINT to DOUBLE (DuckDB 1.5 alters
 * the type of a column of a keyed table); boolean ↔ number needs a column holding no value yet.
 */
async function retypeStatements(connection: DuckDBConnection, next: DeviceKindSpec, previous: DeviceKindSpec | undefined, columns: readonly Column[]): Promise<string[]> {
  const statements: string[] = [];
  for (const [name, field] of Object.entries(next.fields)) {
    const column = columns.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (column === undefined) continue;
    const was = previous?.fields[column.name]?.type ?? fieldTypeOf[column.kind];
    const refuse = (why: string) =>
      new IngestError('KENDALI_ERR_PROFILE_CONFLICT', `profile of "${next.kind}": field "${name}" cannot change from ${was} to ${field.type}: ${why}. Nothing was changed.`);
    // Column names ignore case in DuckDB: "Foo" and "foo" would share one column.
    if (column.name !== name) throw refuse(`the readings of field "${column.name}" are kept in the same column; name the field "${column.name}" or choose another name`);
    const wanted = columnKindOf(field.type);
    if (wanted === column.kind) continue;
    if (column.kind === 'double' && wanted === 'bigint') {
      const notWhole = await countRows(connection, next.kind, column, (c) => `${c} <> trunc(${c})`, ['min', 'max', 'last']);
      if (notWhole > 0) throw refuse(`${notWhole} stored readings or roll-ups hold a value that is not whole`);
      continue;
    }
    if (column.kind === 'bigint' && wanted === 'double') {
      statements.push(`ALTER TABLE ${tableName(next.kind)} ALTER COLUMN ${quoteIdent(name)} TYPE DOUBLE`);
      for (const tier of tiers) {
        for (const part of ['min', 'max', 'last']) statements.push(`ALTER TABLE ${rollupTableName(tier, next.kind)} ALTER COLUMN ${tileColumn(name, part)} TYPE DOUBLE`);
      }
      continue;
    }
    const holding = await countRows(connection, next.kind, column, (c) => `${c} IS NOT NULL`, ['count']);
    if (holding > 0) throw refuse(`${holding} stored readings or roll-ups hold ${was} values, which have no ${field.type} meaning`);
    statements.push(`ALTER TABLE ${tableName(next.kind)} ALTER COLUMN ${quoteIdent(name)} TYPE ${sqlType(wanted)}`);
    // The roll-up parts of the old type go; `rollupDdl` adds those of the new one.
    for (const tier of tiers) {
      for (const { part } of tileParts(column)) statements.push(`ALTER TABLE ${rollupTableName(tier, next.kind)} DROP COLUMN IF EXISTS ${tileColumn(name, part)}`);
    }
  }
  return statements;
}

/**
 * Rows of the raw table whose field matches `test`, plus roll-up rows where one of `parts` does
 * (a `count` part matches when above zero): roll-ups outlive raw readings under retention.
 */
async function countRows(connection: DuckDBConnection, kind: DeviceKind, column: Column, test: (column: string) => string, parts: readonly string[]): Promise<number> {
  const counts = [`SELECT count(*) AS n FROM ${tableName(kind)} WHERE ${test(quoteIdent(column.name))}`];
  for (const tier of tiers) {
    const tiles = parts.map((part) => (part === 'count' ? `${tileColumn(column.name, part)} > 0` : test(tileColumn(column.name, part))));
    counts.push(`SELECT count(*) AS n FROM ${rollupTableName(tier, kind)} WHERE ${tiles.join(' OR ')}`);
  }
  const reader = await connection.runAndReadAll(`SELECT sum(n)::BIGINT AS n FROM (${counts.join(' UNION ALL ')})`);
  return Number(reader.getRowObjectsJS()[0]?.n ?? 0);
}
