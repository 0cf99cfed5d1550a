import { Ajv, type ErrorObject } from 'ajv';
import { alarmSeverities, deviceKindNames, ispuCategories } from '@kendali/contracts';
import type { AlarmRulesDocument } from './alarm-rules';

const severity = { enum: [...alarmSeverities] };
const duration = { type: 'integer', minimum: 0, maximum: 7 * 86_400_000 };
const base = {
  id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
  name: { type: 'string', minLength: 1, maxLength: 200 },
  enabled: { type: 'boolean' },
  scope: {
    type: 'object',
    additionalProperties: false,
    properties: { kind: { enum: [...deviceKindNames] }, district: { type: 'string', minLength: 1 }, deviceId: { type: 'string', minLength: 1 } },
  },
  minDurationMs: duration,
};
const thresholds = {
  type: 'object',
  additionalProperties: false,
  required: ['siaga3Cm', 'siaga2Cm', 'siaga1Cm'],
  properties: { siaga3Cm: { type: 'number' }, siaga2Cm: { type: 'number' }, siaga1Cm: { type: 'number' } },
};

const rule = (type: string | string[], properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required: [...Object.keys(base), 'type', ...Object.keys(properties)],
  properties: { ...base, type: Array.isArray(type) ? { enum: type } : { const: type }, ...properties },
});

/** JSON Schema of the rules document, so a bad rule is refused with the path of what is wrong. */
export const alarmRulesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    version: { type: 'integer', minimum: 0 },
    rules: {
      type: 'array',
      maxItems: 1000,
      items: {
        oneOf: [
          rule('threshold', { field: { type: 'string' }, op: { enum: ['above', 'below'] }, limit: { type: 'number' }, hysteresis: { type: 'number', minimum: 0 }, severity }),
          rule('ispu', { minCategory: { enum: [...ispuCategories] }, hysteresisIndex: { type: 'number', minimum: 0 } }),
          rule('siaga', { defaultThresholds: thresholds, gates: { type: 'object', additionalProperties: thresholds }, hysteresisCm: { type: 'number', minimum: 0 }, riseCmPerHour: { type: 'number', minimum: 0 } }),
          rule('offline', { severity, groupDistrictRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, groupMinDevices: { type: 'integer', minimum: 1 } }),
          rule('stuck', { fields: { type: 'array', items: { type: 'string' }, minItems: 1 }, severity }),
          rule(['out-of-range', 'clock-skew'], { severity, maxSkewMs: duration }),
          rule('street-light-schedule', {
            dayStartHour: { type: 'number', minimum: 0, maximum: 24 },
            dayEndHour: { type: 'number', minimum: 0, maximum: 24 },
            nightStartHour: { type: 'number', minimum: 0, maximum: 24 },
            nightEndHour: { type: 'number', minimum: 0, maximum: 24 },
            severity,
          }),
          rule('congestion', { minSpeedKmh: { type: 'number', minimum: 0 }, severity }),
        ],
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: false }).compile(alarmRulesSchema);

/** Problems with a rules document, each naming where it is (empty = valid). */
export function checkRulesDocument(document: unknown): string[] {
  if (!validate(document)) return describe(validate.errors ?? []);
  const ids = new Set<string>();
  const problems: string[] = [];
  for (const [index, rule] of (document as AlarmRulesDocument).rules.entries()) {
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
