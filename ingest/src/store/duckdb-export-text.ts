import type { ReadingFileQuery } from './telemetry-store';

/**
 * SQL that writes a value as the API's JavaScript writers write it, so a file the database writes is
 * byte for byte the one JavaScript would have written.
 *
 * Numbers: DuckDB and JavaScript both print the shortest digits that read back as the same double,
 * but lay them out differently (`26.0` / `26`, `1e-07` / `1e-7`, `1.5e-06` / `0.0000015`). The
 * macros take DuckDB's digits and lay them out by ECMAScript's Number::toString (ECMA-262 §6.1.6.1.20):
 * with `d` the digits without leading or trailing zeros and `n` where the decimal point falls, plain
 * digits for -6 < n ≤ 21, an exponent otherwise. Most values (whole numbers, and any from 10^-4 to
 * 10^15) need none of that.
 */
export const jsTextMacros: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO kendali_js_layout(d, n) AS CASE
     WHEN length(d) <= n AND n <= 21 THEN d || repeat('0', n - length(d))
     WHEN 0 < n AND n <= 21 THEN d[1:n] || '.' || d[n + 1:]
     WHEN -6 < n AND n <= 0 THEN '0.' || repeat('0', -n) || d
     ELSE d[1:1] || (CASE WHEN length(d) > 1 THEN '.' || d[2:] ELSE '' END) || 'e' || (CASE WHEN n > 0 THEN '+' ELSE '-' END) || abs(n - 1)::VARCHAR
   END`,
  // The digits are the integer part and the fraction together; the point falls after the integer
  // part, moved by the exponent. Lambdas name the parts once (a macro would copy its argument into
  // every place it is used, and these nest).
  `CREATE OR REPLACE TEMP MACRO kendali_js_shortest(text) AS list_transform(
     [{whole: split_part(split_part(text, 'e', 1), '.', 1), fraction: split_part(split_part(text, 'e', 1), '.', 2),
       exponent: CASE WHEN contains(text, 'e') THEN split_part(text, 'e', 2)::INTEGER ELSE 0 END}],
     p -> list_transform([{digits: p.whole || p.fraction, point: length(p.whole) + p.exponent}],
       q -> kendali_js_layout(rtrim(ltrim(q.digits, '0'), '0'), q.point - (length(q.digits) - length(ltrim(q.digits, '0')))))[1])[1]`,
  // DuckDB writes plain digits from 1e-4 to 1e16, as JavaScript does (from 1e-6 to 1e21), but for a
  // whole number's ".0".
  `CREATE OR REPLACE TEMP MACRO kendali_js_number(v) AS CASE
     WHEN v IS NULL THEN ''
     WHEN isnan(v) THEN 'NaN'
     WHEN isinf(v) THEN (CASE WHEN v > 0 THEN 'Infinity' ELSE '-Infinity' END)
     WHEN v = 0 THEN '0'
     WHEN abs(v) < 1e15 AND v = trunc(v) THEN v::BIGINT::VARCHAR
     WHEN abs(v) < 1e15 AND abs(v) >= 1e-4 THEN v::VARCHAR
     ELSE (CASE WHEN v < 0 THEN '-' ELSE '' END) || kendali_js_shortest(abs(v)::VARCHAR)
   END`,
  // RFC 4180 §2.6-2.7, as csv-stringify quotes: a field with a comma, a quote or a line break is quoted, quotes doubled
  `CREATE OR REPLACE TEMP MACRO kendali_csv_text(s) AS CASE
     WHEN s IS NULL THEN ''
     WHEN regexp_matches(s, '[",\\r\\n]') THEN '"' || replace(s, '"', '""') || '"'
     ELSE s
   END`,
];

export const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** `2026-03-10T07:00:00.000+07:00` of a stored `ts` (TIMESTAMP, UTC), the offset taken from `wallOffsets`. */
export function wallTimeSql(ts: string, wallOffsets: ReadingFileQuery['wallOffsets']): string {
  const offsetText = (offsetMs: number) => {
    const minutes = Math.round(offsetMs / 60_000);
    const abs = Math.abs(minutes);
    return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };
  const at = (offsetMs: number) => `strftime(epoch_ms(epoch_ms(${ts}) + ${offsetMs}), '%Y-%m-%dT%H:%M:%S.%g') || ${sqlText(offsetText(offsetMs))}`;
  const [first, ...later] = wallOffsets;
  if (first === undefined) throw new Error('wallOffsets must hold the offset at the start of the range');
  if (later.length === 0) return at(first.offsetMs);
  // Each offset holds until the next one's start.
  const branches = later.map((next, i) => `WHEN ${ts} < epoch_ms(${next.fromMs}::BIGINT) THEN ${at(wallOffsets[i]!.offsetMs)}`);
  return `CASE ${branches.join(' ')} ELSE ${at(later[later.length - 1]!.offsetMs)} END`;
}

/** `2026-03-10T00:00:00.000Z` of a stored `ts`. */
export const utcTimeSql = (ts: string) => `strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
