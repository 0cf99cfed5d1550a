import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';

/**
 * Readings in an InfluxDB database, each counted once: a point is one (measurement, tags, time),
 * so a copy written twice is one. Per measurement the count of its fullest field (every bench
 * reading carries every field of its kind).
 */
export async function influxReadings(url: string, database: string): Promise<number> {
  const response = await fetch(`${url}/query?${new URLSearchParams({ db: database, q: 'SELECT count(*) FROM /.*/' }).toString()}`);
  if (!response.ok) throw new Error(`InfluxDB /query answered ${response.status}: ${await response.text()}`);
  const answer = (await response.json()) as { results?: { series?: { values?: unknown[][] }[] }[] };
  let total = 0;
  for (const series of answer.results?.[0]?.series ?? []) {
    const counts = (series.values?.[0] ?? []).slice(1).map(Number);
    total += Math.max(0, ...counts);
  }
  return total;
}

/** The raw table of a kind in the embedded store (ingest's telemetry-tables.ts). */
const rawTable = (kind: string) => `telemetry_${kind.replaceAll('-', '_')}`;

/**
 * Distinct (device, ts) readings over the embedded stores of stopped workers (their DuckDB files,
 * opened together): what was stored at least once anywhere, counted once.
 */
export async function duckdbReadings(dataDirs: readonly string[], kinds: readonly string[]): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      const parts: string[] = [];
      for (const [index, dataDir] of dataDirs.entries()) {
        await connection.run(`ATTACH '${join(dataDir, 'kendali.duckdb').replaceAll("'", "''")}' AS w${index}`);
        for (const kind of kinds) parts.push(`SELECT device_id, ts FROM w${index}.${rawTable(kind)}`);
      }
      const reader = await connection.runAndReadAll(`SELECT count(*)::BIGINT FROM (${parts.join(' UNION ')})`); // UNION: duplicates once
      return Number(reader.getRows()[0]?.[0] ?? 0);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
