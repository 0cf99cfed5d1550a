import { aggregatesOf, type AggregateFn, type DeviceKindSpec } from '@kendali/contracts';
import { apiErrors } from '../errors';

/**
 * Refuses aggregates a field has none of: a string field's values (`ok`, `down`) have no mean,
 * minimum or maximum, so buckets of one answer only `last` and `count`.
 */
export function refuseUnsupportedAggregates(spec: DeviceKindSpec, field: string, fns: readonly AggregateFn[]): void {
  const fieldSpec = spec.fields[field];
  if (fieldSpec === undefined) return;
  const allowed = aggregatesOf(fieldSpec);
  const refused = fns.filter((fn) => !allowed.includes(fn));
  if (refused.length === 0) return;
  throw new apiErrors.KENDALI_ERR_AGGREGATE_UNSUPPORTED(
    `"${field}" of ${spec.kind} is a ${fieldSpec.type} field: its buckets have no ${refused.join(', ')}; ask for fn=${allowed.join(' or fn=')}`,
  );
}
