import { reject, type Rejection } from '../rejection';
import { isPlainObject } from './json';

/** One SenML record with its base values applied (RFC 8428 §4.6, "resolved records"). */
interface ResolvedSenmlRecord {
  /** Position in the pack, for messages. */
  readonly index: number;
  /** Base name + name. */
  readonly name: string;
  /** Unit, or the base unit; undefined when neither is given. */
  readonly unit: string | undefined;
  readonly value: number | boolean | string;
  /** Resolved time, ms since the epoch. */
  readonly timeMs: number;
}

export type ResolveResult = { readonly ok: true; readonly records: readonly ResolvedSenmlRecord[] } | { readonly ok: false; readonly rejection: Rejection };

/** Labels of RFC 8428 §4.1 (base fields) and §4.2 (regular fields), with the JSON type each must have. */
const labelTypes = {
  bn: 'string',
  bt: 'number',
  bu: 'string',
  bv: 'number',
  bs: 'number',
  bver: 'number',
  n: 'string',
  u: 'string',
  v: 'number',
  vs: 'string',
  vb: 'boolean',
  vd: 'string',
  s: 'number',
  t: 'number',
  ut: 'number',
} as const;

/** A record's labels once their types are checked. */
type SenmlLabels = { -readonly [L in keyof typeof labelTypes]?: (typeof labelTypes)[L] extends 'string' ? string : (typeof labelTypes)[L] extends 'number' ? number : boolean };

export const senmlLabels: ReadonlySet<string> = new Set(Object.keys(labelTypes));

/** The SenML version this decoder understands (RFC 8428 §4.4: the default, 10). */
const supportedVersion = 10;
/** §4.5.3: resolved times below 2^28 s are relative to now; larger ones are seconds since the epoch. */
const relativeTimeLimitS = 2 ** 28;
/** §4.5.1: characters a resolved name may hold; it starts with a letter or digit. */
const namePattern = /^[A-Za-z0-9][A-Za-z0-9\-:./_]*$/;

const invalid = (message: string): { ok: false; rejection: Rejection } => ({ ok: false, rejection: reject('KENDALI_ERR_SENML_INVALID', message) });
const unmapped = (message: string): { ok: false; rejection: Rejection } => ({ ok: false, rejection: reject('KENDALI_ERR_SENML_UNMAPPED', message) });

/**
 * Resolves a SenML pack (RFC 8428 §4.6): base name, time, unit and value carry forward from the
 * record that sets them to every later record; names and times are resolved, times to ms.
 */
export function resolveSenmlPack(pack: readonly unknown[], nowMs: number): ResolveResult {
  if (pack.length === 0) return invalid('the SenML pack is an empty array; send at least one record');
  const base = { name: '', timeS: 0, unit: undefined as string | undefined, value: 0 };
  const records: ResolvedSenmlRecord[] = [];
  for (const [index, item] of pack.entries()) {
    if (!isPlainObject(item)) return invalid(`record ${index} is not a JSON object (RFC 8428 §5)`);
    for (const [label, value] of Object.entries(item)) {
      const expected = labelTypes[label as keyof typeof labelTypes] as string | undefined;
      // §4.4: labels ending in "_" must be understood; any other unknown label is ignored.
      if (expected === undefined && label.endsWith('_')) return invalid(`record ${index}: label "${label}" must be understood (RFC 8428 §4.4) and is not supported`);
      if (expected !== undefined && (typeof value !== expected || (expected === 'number' && !Number.isFinite(value)))) {
        return invalid(`record ${index}: "${label}" must be a ${expected}, got ${JSON.stringify(value)}`);
      }
    }
    const r = item as SenmlLabels;
    if (typeof r.bver === 'number' && r.bver > supportedVersion) {
      return invalid(`record ${index}: SenML version ${r.bver} is newer than the supported ${supportedVersion} (RFC 8428 §4.4)`);
    }
    if (typeof r.bn === 'string') base.name = r.bn;
    if (typeof r.bt === 'number') base.timeS = r.bt;
    if (typeof r.bu === 'string') base.unit = r.bu;
    if (typeof r.bv === 'number') base.value = r.bv;

    const name = base.name + (typeof r.n === 'string' ? r.n : '');
    if (name === '') return invalid(`record ${index} has no name: give "n", or a base name "bn"`);
    if (!namePattern.test(name)) {
      return invalid(`record ${index}: name "${name}" may hold only letters, digits and - : . / _, starting with a letter or digit (RFC 8428 §4.5.1)`);
    }
    const valueLabels = (['v', 'vs', 'vb', 'vd'] as const).filter((label) => r[label] !== undefined);
    if (valueLabels.length > 1) return invalid(`record ${index} ("${name}") has more than one value (${valueLabels.join(', ')}); give exactly one`);
    if (valueLabels.length === 0) {
      if (r.s !== undefined) return unmapped(`record ${index} ("${name}") has only a sum ("s"); Kendali fields take values: send "v"`);
      return invalid(`record ${index} ("${name}") has no value: give one of v, vs, vb`);
    }
    if (r.vd !== undefined) return unmapped(`record ${index} ("${name}"): data values ("vd") have no Kendali field; send "v", "vs" or "vb"`);
    const value = typeof r.v === 'number' ? base.value + r.v : (r.vb ?? r.vs) as boolean | string;

    const timeS = base.timeS + (typeof r.t === 'number' ? r.t : 0);
    const timeMs = Math.round(Math.abs(timeS) < relativeTimeLimitS ? nowMs + timeS * 1000 : timeS * 1000);
    records.push({ index, name, unit: typeof r.u === 'string' ? r.u : base.unit, value, timeMs });
  }
  return { ok: true, records };
}
