import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { DeviceKindSpec } from '@kendali/contracts';
import { IngestError } from '../errors';

/**
 * Checks a command against the kind's profile: the command must be one of the kind's, its
 * parameters must pass the command's JSON Schema. Schemas are compiled once per kind, profile
 * version and command, so a new profile version is used from its next command.
 */
export class CommandParams {
  readonly #ajv = new Ajv({ allErrors: false, strict: false });
  readonly #compiled = new Map<string, ValidateFunction>();

  /** Throws `KENDALI_ERR_COMMAND_UNKNOWN` or `KENDALI_ERR_COMMAND_PARAMS`, naming what is wrong. */
  check(spec: DeviceKindSpec, name: string, params: unknown): void {
    const command = spec.commands[name];
    if (command === undefined) {
      const known = Object.keys(spec.commands).join(', ');
      throw new IngestError('KENDALI_ERR_COMMAND_UNKNOWN', `Device kind "${spec.kind}" has no command "${name}"; its commands are: ${known}.`);
    }
    const key = `${spec.kind}\u0000${spec.version}\u0000${name}`;
    let validate = this.#compiled.get(key);
    if (validate === undefined) {
      validate = this.#ajv.compile(command.params);
      this.#compiled.set(key, validate);
    }
    if (!validate(params)) {
      throw new IngestError('KENDALI_ERR_COMMAND_PARAMS', `Command "${name}" of kind "${spec.kind}": ${describe(validate.errors?.[0])}.`);
    }
  }
}

function describe(error: ErrorObject | undefined): string {
  if (error === undefined) return '/params are invalid';
  const path = `/params${error.instancePath}`;
  if (error.keyword === 'additionalProperties') return `${path} must not have the property "${String((error.params as { additionalProperty: string }).additionalProperty)}"`;
  if (error.keyword === 'required') return `${path}/${String((error.params as { missingProperty: string }).missingProperty)} is required`;
  return `${path} ${error.message ?? 'is invalid'}`;
}
