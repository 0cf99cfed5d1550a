import type { Transport } from '@influxdata/influxdb-client';
import type { DeviceKindSpec, FieldSpec } from '@kendali/contracts';
import { IngestError } from '../../errors';
import type { InfluxLayout } from './influx-rollups';
import { runInfluxQlStatements } from './influxql';

/** InfluxDB's name for the type a field of each kind is written as (`reading-lines.ts`: integers carry `i`). */
const influxType: Record<FieldSpec['type'], string> = { number: 'float', integer: 'integer', boolean: 'boolean', string: 'string' };

/**
 * Refuses a new profile version that writes a field with another type than InfluxDB already holds
 * for it: a shard refuses a point whose field type differs from its own ("field type conflict"),
 * so every later reading of the kind would be refused. Asks `SHOW FIELD KEYS` of the raw
 * measurement and, where roll-ups are read, of the tiers (a field's `_last` part has its type, and
 * outlives raw readings under retention). A field InfluxDB does not hold yet may take any type.
 */
export async function refuseFieldTypeChanges(transport: Transport, database: string, layout: InfluxLayout, next: DeviceKindSpec, previous: DeviceKindSpec | undefined): Promise<void> {
  const tiers = layout.rollupsReadable ? (['raw', '1m', '1h'] as const) : (['raw'] as const);
  const answers = await runInfluxQlStatements(transport, database, tiers.map((tier) => `SHOW FIELD KEYS FROM ${layout.measurement(tier, next.kind)}`));
  const held = new Map<string, Set<string>>();
  answers.forEach((series, index) => {
    const suffix = tiers[index] === 'raw' ? '' : '_last';
    for (const row of series.flatMap((one) => one.values)) {
      const key = String(row[0]);
      if (!key.endsWith(suffix)) continue;
      const field = key.slice(0, key.length - suffix.length);
      let types = held.get(field);
      if (types === undefined) held.set(field, (types = new Set()));
      types.add(String(row[1]));
    }
  });
  for (const [name, field] of Object.entries(next.fields)) {
    const wanted = influxType[field.type];
    const other = [...(held.get(name) ?? [])].find((type) => type !== wanted);
    if (other === undefined) continue;
    const was = previous?.fields[name]?.type ?? other;
    throw new IngestError(
      'KENDALI_ERR_PROFILE_CONFLICT',
      `profile of "${next.kind}": field "${name}" cannot change from ${was} to ${field.type}: InfluxDB holds it as ${other} and refuses ${wanted} points for it ` +
        'until the shards holding it expire or the field is dropped. Nothing was changed.',
    );
  }
}
