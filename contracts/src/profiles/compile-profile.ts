import type { DeviceKindSpec, FieldSpec } from '../field-spec';
import { isQuantity, isTheme, themeOfQuantity, type Quantity, type Theme } from '../quantities';
import type { DeviceProfile } from './profile-schema';

/** Every kind accepts this command: report every `seconds` from now on. */
export const setIntervalCommand = {
  labels: { id: 'Atur interval laporan', en: 'Set reporting interval' },
  description: 'Report every `seconds` seconds from now on',
  params: {
    type: 'object',
    properties: { seconds: { type: 'integer', minimum: 1, maximum: 86_400 } },
    required: ['seconds'],
    additionalProperties: false,
  },
} as const;

/** Every kind accepts this setting (desired state): the reporting interval. */
export const reportIntervalSetting = {
  labels: { id: 'Interval laporan', en: 'Reporting interval' },
  description: 'Seconds between reports',
  schema: { type: 'integer', minimum: 1, maximum: 86_400 },
} as const;

/** Compiles a validated profile into the shape the code uses. */
export function compileProfile(kind: string, profile: DeviceProfile, version: number): DeviceKindSpec {
  const fields: Record<string, FieldSpec> = {};
  const required: string[] = [];
  let firstQuantity: Quantity | undefined;
  for (const [name, field] of Object.entries(profile.fields)) {
    const { required: isRequired, description, quantity, ...rest } = field;
    // checkProfile refuses unknown quantities; one that slipped through (an older client) means nothing here.
    const known = quantity !== undefined && isQuantity(quantity) ? quantity : undefined;
    fields[name] = { ...rest, ...(known === undefined ? {} : { quantity: known }), description: description ?? field.labels?.en ?? name };
    firstQuantity ??= known;
    if (isRequired === true) required.push(name);
  }
  const theme: Theme | null = profile.theme !== undefined && isTheme(profile.theme) ? profile.theme : firstQuantity === undefined ? null : themeOfQuantity(firstQuantity);
  const firstField = Object.keys(profile.fields)[0] ?? '';
  const rules = (profile.rules ?? []).map((rule) => ({ ...rule, scope: { ...rule.scope, kind } }));
  return {
    kind,
    version,
    label: profile.labels,
    theme,
    ...(profile.offlineLabels === undefined ? {} : { offlineLabels: profile.offlineLabels }),
    expectedIntervalMs: profile.intervalS * 1000,
    required,
    fields,
    headline: profile.headline ?? required[0] ?? firstField,
    commands: { 'set-interval': setIntervalCommand, ...profile.commands },
    settings: { reportIntervalS: reportIntervalSetting, ...profile.settings },
    rules,
  };
}
