import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsTextMacros, utcTimeSql, wallTimeSql } from './duckdb-export-text';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  for (const macro of jsTextMacros) await connection.run(macro);
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** Doubles from a fixed seed: every bit pattern equally likely, so every exponent and digit count. */
function doubles(count: number): number[] {
  let seed = 0x2545f491;
  const next = () => (seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0);
  const bits = new Uint32Array(2);
  const value = new Float64Array(bits.buffer);
  const found: number[] = [];
  while (found.length < count) {
    bits[0] = next();
    bits[1] = next();
    if (Number.isFinite(value[0]!)) found.push(value[0]!);
    found.push(next() / 10 ** (next() % 12)); // and numbers as sensors send them
  }
  return found;
}

async function texts(sql: string, values: readonly number[]): Promise<string[]> {
  await connection.run('CREATE OR REPLACE TEMP TABLE numbers (i INTEGER, v DOUBLE)');
  const appender = await connection.createAppender('numbers');
  values.forEach((v, i) => {
    appender.appendInteger(i);
    appender.appendDouble(v);
    appender.endRow();
  });
  appender.closeSync();
  return (await connection.runAndReadAll(`SELECT ${sql} FROM numbers ORDER BY i`)).getColumns()[0] as string[];
}

describe('SQL that writes values as the JavaScript writers do', () => {
  it('writes every number as String(number) does', async () => {
    const edges = [0, -0, 26, -3.5, 0.1 + 0.2, 1e-4, 9.99e-5, 1e-6, 1e-7, 1.5e-6, 1e15, 1e16, 999999999999999.9, 1e20, 1e21, 1.5e21, 2 ** 53, 2 ** 60, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Number.NaN, Infinity, -Infinity];
    const values = [...edges, ...doubles(20_000)];
    expect(await texts('kendali_js_number(v)', values)).toEqual(values.map(String));
  });

  it('quotes text as csv-stringify does', async () => {
    const rows = await connection.runAndReadAll(
      `SELECT kendali_csv_text(s) FROM (VALUES (1, 'aq-1'), (2, 'a,b'), (3, 'say "hi"'), (4, 'two\nlines'), (5, 'cr\rhere'), (6, ''), (7, NULL), (8, ' spaced ')) t(i, s) ORDER BY i`,
    );
    expect(rows.getColumns()[0]).toEqual(['aq-1', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\rhere"', '', '', ' spaced ']);
  });

  it("writes times in UTC and on the city's clock, each offset from where it starts", async () => {
    const change = Date.parse('2026-03-08T07:00:00Z');
    const wall = wallTimeSql('ts', [
      { fromMs: 0, offsetMs: -5 * 3_600_000 },
      { fromMs: change, offsetMs: -4 * 3_600_000 },
    ]);
    const rows = await connection.runAndReadAll(
      `SELECT ${wall}, ${utcTimeSql('ts')} FROM (VALUES (epoch_ms(${change - 1})), (epoch_ms(${change})), (epoch_ms(${change + 123}))) t(ts) ORDER BY ts`,
    );
    expect(rows.getRows()).toEqual([
      ['2026-03-08T01:59:59.999-05:00', '2026-03-08T06:59:59.999Z'],
      ['2026-03-08T03:00:00.000-04:00', '2026-03-08T07:00:00.000Z'],
      ['2026-03-08T03:00:00.123-04:00', '2026-03-08T07:00:00.123Z'],
    ]);
  });
});
