/**
 * InfluxQL over Kendali's schema in InfluxDB: a kind's readings are the measurement named after the
 * kind, tagged `deviceId`, `district` and `kind`, one field per profile field (see the InfluxDB
 * store's `reading-lines.ts`). Queries read the database's default retention policy, where the raw
 * readings are (`rp_raw` when Kendali keeps the tiers on 1.x, `autogen` on 2.x).
 */

/** An identifier in double quotes, `"` and `\` escaped (InfluxQL: quoted identifiers). */
const quoteIdentifier = (name: string) => `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** What a field's panel shows per time bucket: the mean of numbers, the last of states. */
type PanelAggregate = 'mean' | 'last';

/**
 * One field of a kind per device, in Grafana's time buckets, limited to the devices and districts
 * picked on the board (`$device`, `$district` are regular-expression variables; `$timeFilter` and
 * `$__interval` are Grafana's).
 */
export function fieldQuery(kind: string, field: string, aggregate: PanelAggregate): string {
  const fill = aggregate === 'mean' ? 'fill(none)' : 'fill(previous)';
  return `SELECT ${aggregate}(${quoteIdentifier(field)}) FROM ${quoteIdentifier(kind)} WHERE "district" =~ /^$district$/ AND "deviceId" =~ /^$device$/ AND $timeFilter GROUP BY time($__interval), "deviceId" ${fill}`;
}

/** The values of a tag among a kind's readings, for a board's picker; `within` narrows by the district picked. */
export function tagValuesQuery(kind: string, tag: 'district' | 'deviceId', within?: 'district'): string {
  const where = within === undefined ? '' : ` WHERE ${quoteIdentifier(within)} =~ /^$${within}$/`;
  return `SHOW TAG VALUES FROM ${quoteIdentifier(kind)} WITH KEY = ${quoteIdentifier(tag)}${where}`;
}

/** The field and measurement a query written by `fieldQuery` reads (for checking boards against profiles). */
export function fieldOfQuery(query: string): { readonly field: string; readonly measurement: string } | undefined {
  const match = /^SELECT (?:mean|last)\("((?:[^"\\]|\\.)*)"\) FROM "((?:[^"\\]|\\.)*)" /.exec(query);
  if (match === null) return undefined;
  const unquote = (text: string) => text.replace(/\\(.)/g, '$1');
  return { field: unquote(match[1]!), measurement: unquote(match[2]!) };
}
