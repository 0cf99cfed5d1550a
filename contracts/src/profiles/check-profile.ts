import type { StateRule, ThresholdRule } from '../messages/alarm-rules';
import { isQuantity, isTheme, quantities, quantityInfo, themes } from '../quantities';
import type { DeviceProfile, ProfileField } from './profile-schema';

/** A problem with a profile, at a JSON path (`/fields/laeqDb/max`). */
export interface ProfileProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Checks a profile that already matches `DeviceProfileSchema` for what a schema cannot say:
 * ranges that hold no value, limits on fields that have none, names that collide in a store
 * (DuckDB column names ignore case), a headline or rule naming a field that does not exist, a
 * quantity or theme Kendali does not know, a quantity on a field of a type that cannot carry it,
 * or two fields claiming one quantity (the code would not know which to read).
 */
export function checkProfile(profile: DeviceProfile): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const seen = new Map<string, string>();
  const measuredBy = new Map<string, string>();
  for (const [name, field] of Object.entries(profile.fields)) {
    const path = `/fields/${name}`;
    const folded = name.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) problems.push({ path, message: `field "${name}" duplicates "${earlier}" (field names must differ in more than letter case)` });
    seen.set(folded, name);
    if (name === 'ts') problems.push({ path, message: '"ts" is the reading\'s timestamp and cannot be a field' });
    const numeric = field.type === 'number' || field.type === 'integer';
    if (!numeric && field.min !== undefined) problems.push({ path: `${path}/min`, message: `a ${field.type} field has no minimum` });
    if (!numeric && field.max !== undefined) problems.push({ path: `${path}/max`, message: `a ${field.type} field has no maximum` });
    problems.push(...valueProblems(path, field));
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      problems.push({ path: `${path}/min`, message: `the range ${field.min} … ${field.max} holds no value (min is above max)` });
    }
    if (field.type === 'integer' && field.min !== undefined && field.max !== undefined && Math.ceil(field.min) > Math.floor(field.max)) {
      problems.push({ path: `${path}/min`, message: `the range ${field.min} … ${field.max} holds no integer` });
    }
    if (field.example !== undefined) {
      // A range that holds no value is its own problem: the example is then judged by its type alone.
      const rangeHolds = field.min === undefined || field.max === undefined || field.min <= field.max;
      const inRange = (value: number) => !rangeHolds || ((field.min === undefined || value >= field.min) && (field.max === undefined || value <= field.max));
      const fits =
        field.type === 'boolean'
          ? typeof field.example === 'boolean'
          : field.type === 'string'
            ? typeof field.example === 'string' && (field.values ?? []).includes(field.example)
            : typeof field.example === 'number' && (field.type === 'number' || Number.isInteger(field.example)) && inRange(field.example);
      if (!fits) problems.push({ path: `${path}/example`, message: `example ${JSON.stringify(field.example)} is not a value this ${field.type} field accepts` });
    }
    if (field.quantity !== undefined) {
      const quantityPath = `${path}/quantity`;
      const other = measuredBy.get(field.quantity);
      if (!isQuantity(field.quantity)) problems.push({ path: quantityPath, message: `unknown quantity "${field.quantity}" (known: ${quantities.join(', ')})` });
      else if (!(quantityInfo[field.quantity].types as readonly string[]).includes(field.type)) {
        problems.push({ path: quantityPath, message: `quantity "${field.quantity}" needs a ${quantityInfo[field.quantity].types.join(' or ')} field, not a ${field.type} one` });
      } else if (other !== undefined) problems.push({ path: quantityPath, message: `quantity "${field.quantity}" is already measured by field "${other}"` });
      if (other === undefined) measuredBy.set(field.quantity, name);
    }
  }
  if (profile.theme !== undefined && !isTheme(profile.theme)) {
    problems.push({ path: '/theme', message: `unknown theme "${profile.theme}" (known: ${themes.join(', ')})` });
  }
  if (profile.headline !== undefined && !Object.hasOwn(profile.fields, profile.headline)) {
    problems.push({ path: '/headline', message: `headline "${profile.headline}" is not one of the fields (${Object.keys(profile.fields).join(', ')})` });
  }
  (profile.rules ?? []).forEach((rule, index) => {
    const named = rule.type === 'threshold' || rule.type === 'state' ? [rule.field] : rule.type === 'stuck' ? rule.fields : [];
    for (const field of named) {
      if (!Object.hasOwn(profile.fields, field)) problems.push({ path: `/rules/${index}`, message: `rule "${rule.id}" names field "${field}", which the profile does not define` });
    }
    if (rule.type === 'threshold' || rule.type === 'state') {
      const field = Object.hasOwn(profile.fields, rule.field) ? profile.fields[rule.field] : undefined;
      if (field !== undefined) problems.push(...ruleFieldProblems(`/rules/${index}`, rule, field));
    }
    if (rule.scope.kind !== undefined) problems.push({ path: `/rules/${index}/scope/kind`, message: 'a profile\'s rules apply to its own kind; leave scope.kind out' });
  });
  if (profile.commands !== undefined && Object.hasOwn(profile.commands, 'set-interval')) {
    problems.push({ path: '/commands/set-interval', message: '"set-interval" is built in for every kind and cannot be redefined' });
  }
  if (profile.settings !== undefined && Object.hasOwn(profile.settings, 'reportIntervalS')) {
    problems.push({ path: '/settings/reportIntervalS', message: '"reportIntervalS" is built in for every kind and cannot be redefined' });
  }
  return problems;
}

/** "an integer", "a number": a type with its article. */
const aType = (type: string): string => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

/** A string field lists the values it takes (and labels only those); other fields list none. */
function valueProblems(path: string, field: ProfileField): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  if (field.type !== 'string') {
    if (field.values !== undefined) problems.push({ path: `${path}/values`, message: `${aType(field.type)} field takes no list of values; only a string field does` });
    if (field.valueLabels !== undefined) problems.push({ path: `${path}/valueLabels`, message: `${aType(field.type)} field has no values to label; only a string field does` });
    return problems;
  }
  if (field.values === undefined) {
    problems.push({ path: `${path}/values`, message: 'a string field lists the values it may take, e.g. "values": ["ok", "degraded", "down"]' });
    return problems;
  }
  // Values listed twice are the schema's to refuse (uniqueItems).
  for (const value of Object.keys(field.valueLabels ?? {})) {
    if (!field.values.includes(value)) problems.push({ path: `${path}/valueLabels/${value}`, message: `"${value}" is not one of the field's values (${field.values.join(', ')})` });
  }
  return problems;
}

/** A threshold compares numbers; a state rule names values its string field takes. */
function ruleFieldProblems(path: string, rule: ThresholdRule | StateRule, field: ProfileField): ProfileProblem[] {
  if (rule.type === 'threshold') {
    const numeric = field.type === 'number' || field.type === 'integer';
    return numeric ? [] : [{ path: `${path}/field`, message: `rule "${rule.id}": a threshold compares numbers, and "${rule.field}" is ${aType(field.type)} field` }];
  }
  if (field.type !== 'string') return [{ path: `${path}/field`, message: `rule "${rule.id}": a state rule watches a string field, and "${rule.field}" is ${aType(field.type)} field` }];
  const values = field.values ?? [];
  return rule.values.flatMap((value, index) =>
    values.includes(value) ? [] : [{ path: `${path}/values/${index}`, message: `rule "${rule.id}": "${value}" is not one of ${rule.field}'s values (${values.join(', ')})` }],
  );
}
