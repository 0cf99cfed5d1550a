import { Ajv } from 'ajv';
import { checkProfile, DeviceProfileSchema, type DeviceProfile, type ProfileProblem } from '@kendali/contracts';

const ajv = new Ajv({ allErrors: true, strict: false });
const validateShape = ajv.compile<DeviceProfile>(DeviceProfileSchema);

/** A JSON Schema of a command's parameters must itself compile (strictly, so typos are caught). */
function parameterSchemaProblems(schemas: Readonly<Record<string, Readonly<Record<string, unknown>>>>, base: string): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    try {
      new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);
    } catch (error) {
      problems.push({ path: `${base}/${name}`, message: `not a JSON Schema Kendali can check parameters with: ${(error as Error).message}` });
    }
  }
  return problems;
}

/** A key the schema does not allow: a property of no profile, or a name of a field, command or setting that breaks its pattern. */
function unexpectedKey(path: string, key: string): string {
  if (path === '/fields' || path === '/settings') return `"${key}" is not a name Kendali can store: a letter, then letters, digits or _ (at most 63)`;
  if (path === '/commands') return `"${key}" is not a command name: kebab-case, e.g. set-dimming`;
  return `unknown property "${key}"`;
}

/** Every problem of a candidate profile, each with its JSON path; empty when it holds together. */
export function profileProblems(candidate: unknown): { profile: DeviceProfile | undefined; problems: ProfileProblem[] } {
  if (!validateShape(candidate)) {
    const problems = (validateShape.errors ?? []).map((error) => ({
      path: error.instancePath || '/',
      message: error.keyword === 'additionalProperties' ? unexpectedKey(error.instancePath, String(error.params['additionalProperty'])) : (error.message ?? 'is invalid'),
    }));
    return { profile: undefined, problems };
  }
  const problems = [
    ...checkProfile(candidate),
    ...parameterSchemaProblems(Object.fromEntries(Object.entries(candidate.commands ?? {}).map(([name, command]) => [name, command.params])), '/commands'),
    ...parameterSchemaProblems(Object.fromEntries(Object.entries(candidate.settings ?? {}).map(([name, setting]) => [name, setting.schema])), '/settings'),
  ];
  return { profile: candidate, problems };
}

export const describeProblems = (problems: readonly ProfileProblem[]): string => problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
