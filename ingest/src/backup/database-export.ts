import type { DuckDBInstance } from '@duckdb/node-api';
import { quoteIdent } from '../store/telemetry-tables';

/**
 * Writes the whole database into `dir` (DuckDB's EXPORT DATABASE: `schema.sql`, `load.sql` and a
 * Parquet file per table) and counts each table's rows, all inside one transaction: DuckDB's MVCC
 * gives the transaction one snapshot, so the files and the counts are the database as of its
 * start, while other connections go on committing (ingest is never paused). Measured on 2 million
 * rows with a writer committing meanwhile: 0.26 s, against 2.9 s for `COPY FROM DATABASE` into an
 * attached file, which rebuilds every primary-key index as it copies (docs/architecture.md).
 */
export async function exportDatabase(instance: DuckDBInstance, dir: string): Promise<Record<string, number>> {
  const connection = await instance.connect();
  try {
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(`EXPORT DATABASE '${dir.replaceAll("'", "''")}' (FORMAT parquet)`);
      const tables = (await connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name`)).getRows();
      const counts: Record<string, number> = {};
      for (const [name] of tables) {
        const rows = (await connection.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(String(name))}`)).getRows();
        counts[String(name)] = Number(rows[0]?.[0] ?? 0);
      }
      await connection.run('COMMIT'); // a read-only transaction: nothing to keep
      return counts;
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined); // the export's own error is the one to report
      throw error;
    }
  } finally {
    connection.closeSync();
  }
}

/** Rebuilds a database from an export: the tables, their keys, then their rows. */
export async function importDatabase(instance: DuckDBInstance, dir: string): Promise<Record<string, number>> {
  const connection = await instance.connect();
  try {
    await connection.run(`IMPORT DATABASE '${dir.replaceAll("'", "''")}'`);
    await connection.run('CHECKPOINT');
    const tables = (await connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`)).getRows();
    const counts: Record<string, number> = {};
    for (const [name] of tables) {
      const rows = (await connection.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(String(name))}`)).getRows();
      counts[String(name)] = Number(rows[0]?.[0] ?? 0);
    }
    return counts;
  } finally {
    connection.closeSync();
  }
}
