import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { TSchema } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlarmRuleVersionSchema,
  AlarmSchema,
  AlarmWithEventsSchema,
  AuditEntrySchema,
  AuditVerificationSchema,
  SignedInSchema,
  EmqxAuthenticateAnswerSchema,
  EmqxAuthorizeAnswerSchema,
  AuthProvidersSchema,
  UserSchema,
  UserUnlockedSchema,
  AddressUnlockedSchema,
  WhoAmISchema,
  ApiErrorBodySchema,
  ApiTokenSchema,
  CommandSchema,
  DeviceCredentialSchema,
  DeviceSchema,
  DeviceSettingsSchema,
  DeviceStatusSchema,
  DeviceWithSecretSchema,
  HandoverReportSchema,
  ImportReportSchema,
  KindsAnswerSchema,
  ProfileTrialSchema,
  StoredProfileSchema,
  IssuedApiTokenSchema,
  PendingDeviceSchema,
  CitiesAnswerSchema,
  CityHistorySchema,
  PlatformInfoSchema,
  ReadinessSchema,
  RejectionRecordSchema,
  RollupRebuildAnswerSchema,
  TelemetryHistorySchema,
  DisplaySchema,
  DisplayPairingSchema,
  DisplayPairingStateSchema,
  LiveDeviceSchema,
} from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from './testing/api-under-test';
import type { JsonSchema } from './testing/schema-arbitraries';

/**
 * Fastify writes a JSON answer through its route's response schema, and fast-json-stringify leaves
 * out every property the schema does not name. So a field added to a contract would silently never
 * reach a client if a route answered with anything but that contract's schema. Here a full example
 * of each contract (every property present, nullable ones not null) goes through the serializer
 * Fastify uses, built from each route's documented answer, and must come out whole.
 */

/** The contract each JSON answer of the API is, by operation and status; `list`: an array of them. */
const answers: Record<string, { readonly contract: TSchema; readonly list?: true }> = {
  'GET /api/devices 200': { contract: DeviceStatusSchema, list: true },
  'GET /api/devices/{id} 200': { contract: DeviceStatusSchema },
  'POST /api/devices 201': { contract: DeviceWithSecretSchema },
  'PUT /api/devices/{id} 200': { contract: DeviceSchema },
  'PUT /api/devices/{id} 201': { contract: DeviceWithSecretSchema },
  'PATCH /api/devices/{id} 200': { contract: DeviceSchema },
  'POST /api/devices/{id}/credentials 200': { contract: DeviceCredentialSchema },
  'POST /api/devices/import 200': { contract: ImportReportSchema },
  'GET /api/rejections 200': { contract: RejectionRecordSchema, list: true },
  'GET /api/pending 200': { contract: PendingDeviceSchema, list: true },
  'POST /api/pending/{id}/approve 201': { contract: DeviceWithSecretSchema },
  'GET /api/info 200': { contract: PlatformInfoSchema },
  'GET /api/live/devices 200': { contract: LiveDeviceSchema, list: true },
  'GET /api/displays 200': { contract: DisplaySchema, list: true },
  'POST /api/displays/pairings 201': { contract: DisplayPairingSchema },
  'GET /api/displays/pairings/{pollId} 200': { contract: DisplayPairingStateSchema },
  'POST /api/displays/pairings/{code}/confirm 201': { contract: DisplaySchema },
  'GET /api/cities 200': { contract: CitiesAnswerSchema },
  'GET /api/telemetry 200': { contract: TelemetryHistorySchema },
  'GET /api/history 200': { contract: CityHistorySchema },
  'POST /api/admin/rollups/rebuild 200': { contract: RollupRebuildAnswerSchema },
  'GET /api/alarms 200': { contract: AlarmSchema, list: true },
  'GET /api/alarms/handover 200': { contract: HandoverReportSchema },
  'GET /api/alarms/{id} 200': { contract: AlarmWithEventsSchema },
  'POST /api/alarms/{id}/ack 200': { contract: AlarmSchema },
  'POST /api/alarms/{id}/shelve 200': { contract: AlarmSchema },
  'POST /api/alarms/{id}/unshelve 200': { contract: AlarmSchema },
  'GET /api/alarm-rules/versions 200': { contract: AlarmRuleVersionSchema, list: true },
  'GET /api/kinds 200': { contract: KindsAnswerSchema },
  'GET /api/kinds/{kind} 200': { contract: StoredProfileSchema },
  'GET /api/kinds/{kind}/versions 200': { contract: StoredProfileSchema, list: true },
  'PUT /api/kinds/{kind} 200': { contract: StoredProfileSchema },
  'PUT /api/kinds/{kind} 201': { contract: StoredProfileSchema },
  'POST /api/kinds/{kind}/try 200': { contract: ProfileTrialSchema },
  'POST /api/devices/{id}/commands 201': { contract: CommandSchema },
  'POST /api/commands 201': { contract: CommandSchema, list: true },
  'GET /api/commands 200': { contract: CommandSchema, list: true },
  'GET /api/commands/{id} 200': { contract: CommandSchema },
  'PUT /api/devices/{id}/settings 200': { contract: DeviceSettingsSchema },
  'GET /api/devices/{id}/settings 200': { contract: DeviceSettingsSchema },
  'GET /api/settings 200': { contract: DeviceSettingsSchema, list: true },
  'GET /api/audit 200': { contract: AuditEntrySchema, list: true },
  'GET /api/audit/verify 200': { contract: AuditVerificationSchema },
  'GET /api/auth/whoami 200': { contract: WhoAmISchema },
  'POST /api/auth/login 200': { contract: SignedInSchema },
  'POST /api/broker/emqx/authenticate 200': { contract: EmqxAuthenticateAnswerSchema },
  'POST /api/broker/emqx/authorize 200': { contract: EmqxAuthorizeAnswerSchema },
  'GET /api/auth/session 200': { contract: SignedInSchema },
  'POST /api/users/{username}/unlock 200': { contract: UserUnlockedSchema },
  'POST /api/auth/addresses/{address}/unlock 200': { contract: AddressUnlockedSchema },
  'GET /api/auth/providers 200': { contract: AuthProvidersSchema },
  'GET /api/users 200': { contract: UserSchema, list: true },
  'GET /api/users/{username} 200': { contract: UserSchema },
  'POST /api/users 201': { contract: UserSchema },
  'PATCH /api/users/{username} 200': { contract: UserSchema },
  'GET /api/tokens 200': { contract: ApiTokenSchema, list: true },
  'POST /api/tokens 201': { contract: IssuedApiTokenSchema },
  'GET /readyz 200': { contract: ReadinessSchema },
  'GET /readyz 503': { contract: ReadinessSchema },
};

/** JSON answers that are no contract of ours: the rules document (ingest's own schema) and liveness. */
const notContracts = new Set(['GET /api/alarm-rules 200', 'PUT /api/alarm-rules 200', 'GET /healthz 200', 'GET /api/devices/export 200']);

/** A value of the schema with every property present, every nullable value set, every list as short as it may be (one entry at least) and every map one entry long. */
function fullExample(schema: JsonSchema & { readonly patternProperties?: Readonly<Record<string, JsonSchema>> }): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined) return fullExample(alternatives.find((alternative) => alternative.type !== 'null') ?? alternatives[0]!);
  // Any JSON value (a command's params): a nested one shows it passes whole.
  if (Object.keys(schema).length === 0) return { level: 0.5, steps: [1, true] };
  switch ([schema.type].flat()[0]) {
    case 'string':
      if (schema.format === 'date') return '2026-03-10';
      // Kind ids and device ids have patterns a place name does not fit.
      return schema.pattern === undefined || new RegExp(schema.pattern).test('Pintu Air 10') ? 'Pintu Air 10' : 'air-quality';
    case 'integer':
      return 7;
    case 'number':
      return 212.5;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case undefined: // any value (a field as a device sent it, a JSON Schema's keyword)
      return 'Pintu Air 10';
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => fullExample(schema.items ?? {}));
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) value[name] = fullExample(property);
      const entry = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : Object.values(schema.patternProperties ?? {})[0];
      if (entry !== undefined) value['Karawaci'] = fullExample(entry);
      return value;
    }
    default:
      throw new Error(`no example for ${JSON.stringify(schema)}`);
  }
}

interface Operation {
  readonly responses: Readonly<Record<string, { readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>> }>>;
}

let api: ApiUnderTest;
/** Every JSON answer the document lists, by "METHOD path status", with its schema. */
const documented = new Map<string, JsonSchema>();
const compile = SerializerSelector()();

beforeAll(async () => {
  api = await openApiUnderTest('answers-keep-contract-fields');
  const document = (await api.app.inject({ url: '/docs/json' })).json<{ paths: Record<string, Record<string, Operation>> }>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [status, answer] of Object.entries(operation.responses)) {
        const json = answer.content?.['application/json'];
        if (json !== undefined) documented.set(`${method.toUpperCase()} ${path} ${status}`, json.schema);
      }
    }
  }
});

afterAll(() => api?.close());

const serialise = (answer: string, value: unknown) => {
  const [method, url, httpStatus] = answer.split(' ') as [string, string, string];
  return JSON.parse(compile({ schema: documented.get(answer), method, url, httpStatus })(value)) as unknown;
};

describe('every answer carries each field of its contract', () => {
  it('knows the contract of every JSON answer the API documents', () => {
    const successes = [...documented.keys()].filter((answer) => /\s[23]\d\d$/.test(answer) || answer === 'GET /readyz 503');
    expect(successes.filter((answer) => !notContracts.has(answer)).sort()).toEqual(Object.keys(answers).sort());
  });

  for (const [answer, { contract, list }] of Object.entries(answers)) {
    it(`${answer} keeps every field`, () => {
      const example = fullExample(contract as JsonSchema);
      const value = list ? [example] : example;
      expect(serialise(answer, value)).toEqual(value);
    });
  }

  it('every error answer keeps the whole error body', () => {
    const errors = [...documented.keys()].filter((answer) => /\s[45]\d\d$/.test(answer) && answer !== 'GET /readyz 503');
    expect(errors.length).toBeGreaterThan(50);
    const body = fullExample(ApiErrorBodySchema as JsonSchema);
    for (const answer of errors) expect(serialise(answer, body), answer).toEqual(body);
  });
});
