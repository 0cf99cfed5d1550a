import { builtInKinds, requireKind } from '@kendali/contracts';
import type { DeviceKind, FieldValue } from '@kendali/contracts';

/** One SenML record as RFC 8428 §5 writes it in JSON. */
export interface SenmlRecord {
  bn?: string;
  bt?: number;
  n: string;
  u?: string;
  v?: number;
  vs?: string;
  vb?: boolean;
}

/**
 * A reading as a SenML pack, the way a standards-minded device sends it: base name
 * `urn:dev:kendali:<id>:`, base time in seconds, one record per field, the SenML unit where the
 * contract has one, booleans as `vb`, strings as `vs`.
 */
export function encodeSenml(deviceId: string, kind: DeviceKind, tsMs: number, fields: Readonly<Record<string, FieldValue>>): SenmlRecord[] {
  const specs = requireKind(builtInKinds, kind).fields;
  return Object.entries(fields).map(([name, value], index) => {
    const unit = specs[name]?.senmlUnit;
    return {
      ...(index === 0 ? { bn: `urn:dev:kendali:${deviceId}:`, bt: tsMs / 1000 } : {}),
      n: name,
      ...(unit ? { u: unit } : {}),
      ...(typeof value === 'boolean' ? { vb: value } : typeof value === 'string' ? { vs: value } : { v: value }),
    };
  });
}
