import type { DeviceProfile, ProfileField } from '@kendali/contracts';

const describeField = (field: ProfileField): string =>
  [
    field.type,
    field.unit,
    field.min !== undefined || field.max !== undefined ? `${field.min ?? '…'} … ${field.max ?? '…'}` : undefined,
    field.values !== undefined ? field.values.join(' | ') : undefined,
    field.required ? 'required' : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(', ');

/** A field's type, unit, range or requirement as before → after, and its quantity where that changed. */
function fieldChange(before: ProfileField, after: ProfileField): string {
  const parts: string[] = [];
  const [was, is] = [describeField(before), describeField(after)];
  if (was !== is) parts.push(`${was} → ${is}`);
  if (before.quantity !== after.quantity) parts.push(`quantity ${before.quantity ?? 'none'} → ${after.quantity ?? 'none'}`);
  return parts.length > 0 ? parts.join('; ') : `${was} → ${is}`;
}

/**
 * Values a string field no longer lists: new messages carrying them are refused, while readings
 * already stored keep them (the column is plain text) and read back as they were sent.
 */
function valueChanges(name: string, before: ProfileField, after: ProfileField): string[] {
  if (before.type !== 'string' || after.type !== 'string') return [];
  const dropped = (before.values ?? []).filter((value) => !(after.values ?? []).includes(value));
  return dropped.length > 0 ? [`field ${name}: no longer takes ${dropped.join(', ')} (readings already stored keep them)`] : [];
}

/** What changed between two versions of a profile, one line a change, for the record and the API. */
export function profileChanges(previous: DeviceProfile | undefined, next: DeviceProfile): string[] {
  if (previous === undefined) return [`created with fields ${Object.keys(next.fields).join(', ')}`];
  const changes: string[] = [];
  for (const [name, field] of Object.entries(next.fields)) {
    const before = previous.fields[name];
    if (before === undefined) changes.push(`field ${name} added (${describeField(field)})`);
    else if (JSON.stringify(before) !== JSON.stringify(field)) changes.push(`field ${name}: ${fieldChange(before, field)}`, ...valueChanges(name, before, field));
  }
  for (const name of Object.keys(previous.fields)) {
    if (!Object.hasOwn(next.fields, name)) changes.push(`field ${name} removed (its history stays readable)`);
  }
  for (const key of ['labels', 'theme', 'offlineLabels', 'description', 'intervalS', 'headline', 'rules', 'commands', 'settings'] as const) {
    if (JSON.stringify(previous[key]) !== JSON.stringify(next[key])) changes.push(`${key} changed`);
  }
  return changes.length > 0 ? changes : ['no change'];
}
