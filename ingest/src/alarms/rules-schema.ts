import { Ajv, type ErrorObject } from 'ajv';
import { AlarmRulesInputSchema, type AlarmRule, type AlarmRulesInput, type KindLookup } from '@kendali/contracts';

// The document's one schema lives in contracts; Ajv names the path of what is wrong.
const validate = new Ajv({ allErrors: false, strict: false }).compile(AlarmRulesInputSchema);

/** Problems with a rules document, each naming where it is (empty = valid); `kinds`: the kinds a rule may name. */
export function checkRulesDocument(document: unknown, kinds: KindLookup): string[] {
  if (!validate(document)) return describe(validate.errors ?? []);
  const ids = new Set<string>();
  const problems: string[] = [];
  for (const [index, rule] of (document as AlarmRulesInput).rules.entries()) {
    if (ids.has(rule.id)) problems.push(`rules/${index}: id "${rule.id}" is used twice`);
    ids.add(rule.id);
    problems.push(...kindProblems(rule, index, kinds));
  }
  return problems;
}

/** A rule scoped to a kind must name a kind a profile defines, and fields that kind has. */
function kindProblems(rule: AlarmRule, index: number, kinds: KindLookup): string[] {
  const kind = rule.scope.kind;
  if (kind === undefined) return [];
  const spec = kinds.spec(kind);
  if (spec === undefined) {
    return [`rules/${index}/scope/kind: no device profile defines kind "${kind}" (known: ${kinds.all().map((known) => known.kind).join(', ')})`];
  }
  const named = rule.type === 'threshold' || rule.type === 'state' ? [['field', rule.field] as const] : rule.type === 'stuck' ? rule.fields.map((field, at) => [`fields/${at}`, field] as const) : [];
  const missing = named
    .filter(([, field]) => !Object.hasOwn(spec.fields, field))
    .map(([path, field]) => `rules/${index}/${path}: kind "${kind}" has no field "${field}" (its fields: ${Object.keys(spec.fields).join(', ')})`);
  if (missing.length > 0) return missing;
  if (rule.type === 'threshold' && spec.fields[rule.field]?.type === 'string') {
    return [`rules/${index}/field: a threshold compares numbers, and "${rule.field}" of kind "${kind}" is a string field; watch its values with a state rule`];
  }
  if (rule.type !== 'state') return [];
  const field = spec.fields[rule.field];
  if (field?.type !== 'string') return [`rules/${index}/field: a state rule watches a string field, and "${rule.field}" of kind "${kind}" is not one`];
  const values = field.values ?? [];
  return rule.values.flatMap((value, at) => (values.includes(value) ? [] : [`rules/${index}/values/${at}: "${value}" is not one of ${rule.field}'s values (${values.join(', ')})`]));
}

function describe(errors: readonly ErrorObject[]): string[] {
  // oneOf reports every branch; the deepest path is the one that says what is wrong.
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  return deepest ? [`${deepest.instancePath || '/'} ${deepest.message ?? 'is invalid'}`] : ['the rules document is invalid'];
}
