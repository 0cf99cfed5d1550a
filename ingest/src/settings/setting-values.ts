import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { DeviceKindSpec } from '@kendali/contracts';
import { IngestError } from '../errors';

/**
 * Checks desired settings against the kind's profile: each must be a setting of the kind, its
 * value must pass the setting's JSON Schema. Schemas are compiled once per kind, profile version
 * and setting (as the commands' parameters are), so a new profile version is used from its next change.
 */
export class SettingValuesCheck {
  // Strict, with the options a profile's setting schemas were checked with when it was put (profile-validation.ts).
  readonly #ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
  readonly #compiled = new Map<string, ValidateFunction>();

  /** Throws `KENDALI_ERR_SETTING_UNKNOWN` or `KENDALI_ERR_SETTING_VALUE`, naming the setting and the JSON path. */
  check(spec: DeviceKindSpec, settings: Readonly<Record<string, unknown>>): void {
    for (const [name, value] of Object.entries(settings)) {
      const setting = Object.hasOwn(spec.settings, name) ? spec.settings[name] : undefined;
      if (setting === undefined) {
        const known = Object.keys(spec.settings).join(', ');
        throw new IngestError('KENDALI_ERR_SETTING_UNKNOWN', `Device kind "${spec.kind}" has no setting "${name}" (at /settings/${name}); its settings are: ${known}.`);
      }
      const key = `${spec.kind}\u0000${spec.version}\u0000${name}`;
      let validate = this.#compiled.get(key);
      if (validate === undefined) {
        validate = this.#ajv.compile(setting.schema);
        this.#compiled.set(key, validate);
      }
      if (!validate(value)) {
        throw new IngestError('KENDALI_ERR_SETTING_VALUE', `Setting "${name}" of kind "${spec.kind}": ${describe(`/settings/${name}`, validate.errors?.[0])}.`);
      }
    }
  }
}

function describe(root: string, error: ErrorObject | undefined): string {
  if (error === undefined) return `${root} is invalid`;
  const path = `${root}${error.instancePath}`;
  if (error.keyword === 'additionalProperties') return `${path} must not have the property "${String((error.params as { additionalProperty: string }).additionalProperty)}"`;
  if (error.keyword === 'required') return `${path}/${String((error.params as { missingProperty: string }).missingProperty)} is required`;
  return `${path} ${error.message ?? 'is invalid'}`;
}
