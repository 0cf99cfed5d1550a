import { Ajv, type ErrorObject } from 'ajv';
import { AlarmRulesInputSchema, type AlarmRulesInput } from '@kendali/contracts';

// The document's one schema lives in contracts; Ajv names the path of what is wrong.
const validate = new Ajv({ allErrors: false, strict: false }).compile(AlarmRulesInputSchema);

/** Problems with a rules document, each naming where it is (empty = valid). */
export function checkRulesDocument(document: unknown): string[] {
  if (!validate(document)) return describe(validate.errors ?? []);
  const ids = new Set<string>();
  const problems: string[] = [];
  for (const [index, rule] of (document as AlarmRulesInput).rules.entries()) {
    if (ids.has(rule.id)) problems.push(`rules/${index}: id "${rule.id}" is used twice`);
    ids.add(rule.id);
  }
  return problems;
}

function describe(errors: readonly ErrorObject[]): string[] {
  // oneOf reports every branch; the deepest path is the one that says what is wrong.
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  return deepest ? [`${deepest.instancePath || '/'} ${deepest.message ?? 'is invalid'}`] : ['the rules document is invalid'];
}
