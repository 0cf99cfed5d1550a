import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { alarmEventTypes, alarmSeverities, alarmStates, alarmTypes, shiftAt, type AlarmState, type Clock, type HandoverReport } from '@kendali/contracts';
import { handover, type Ingest } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { EpochMs, errorAnswer, StringEnum } from '../schemas';

export interface AlarmRoutesOptions {
  readonly ingest: Ingest;
  /** "Now", which decides the current shift. */
  readonly clock: Clock;
}

const Localized = Type.Object({ id: Type.String(), en: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const AlarmSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  ruleId: Type.String(),
  type: StringEnum(alarmTypes),
  severity: StringEnum(alarmSeverities),
  state: StringEnum(alarmStates),
  deviceId: Nullable(Type.String()),
  district: Nullable(Type.String()),
  title: Localized,
  detail: Localized,
  value: Nullable(Type.Number()),
  threshold: Nullable(Type.Number()),
  raisedAt: Type.Number(),
  updatedAt: Type.Number(),
  acknowledgedAt: Nullable(Type.Number()),
  acknowledgedBy: Nullable(Type.String()),
  ackComment: Nullable(Type.String()),
  clearedAt: Nullable(Type.Number()),
  raiseCount: Type.Integer(),
  shelvedUntil: Nullable(Type.Number()),
  shelvedBy: Nullable(Type.String()),
  shelveReason: Nullable(Type.String()),
});

const AlarmEventSchema = Type.Object({
  alarmId: Type.String(),
  type: StringEnum(alarmEventTypes),
  at: Type.Number(),
  by: Type.String(),
  comment: Nullable(Type.String()),
  severity: StringEnum(alarmSeverities),
});

// Unsafe<HandoverReport>: the schema of the contract's type (whose arrays are readonly).
const HandoverSchema = Type.Unsafe<HandoverReport>(Type.Object({
  shift: Type.Object({ name: Type.String(), from: Type.Number({ description: 'ms epoch, inclusive' }), to: Type.Number({ description: 'ms epoch, exclusive' }) }),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Changes during the shift, by event type' }),
  events: Type.Array(Type.Object({ ...AlarmEventSchema.properties, title: Nullable(Localized) })),
  stillOpen: Type.Array(AlarmSchema, { description: 'Alarms still open at handover, worst first' }),
  unacknowledged: Type.Integer(),
}));

const IdParams = Type.Object({ id: Type.String() });
const NoOpenAlarm = errorAnswer('No open alarm with that id');

/** Alarms for operators: list, acknowledge, shelve, the audit trail, and the shift handover sheet. */
export const alarmRoutes: FastifyPluginAsyncTypebox<AlarmRoutesOptions> = async (app, { ingest, clock }) => {
  const actor = (request: { auth: { name: string; role: string } | null }) => `${request.auth?.name ?? 'unknown'} (${request.auth?.role ?? '?'})`;

  app.get(
    '/api/alarms',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'Alarms, newest change first. state=open (default: active and acknowledged), active, acknowledged, cleared or all',
        tags: ['alarms'],
        querystring: Type.Object({
          state: Type.Union([StringEnum(alarmStates), Type.Literal('open'), Type.Literal('all')], { default: 'open' }),
          severity: Type.Optional(StringEnum(alarmSeverities)),
          district: Type.Optional(Type.String()),
          device: Type.Optional(Type.String()),
          since: Type.Optional(EpochMs('Changed at or after')),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
        }),
        response: { 200: Type.Array(AlarmSchema) },
      },
    },
    async (request) => {
      const q = request.query;
      const states: AlarmState[] = q.state === 'all' ? [] : q.state === 'open' ? ['active', 'acknowledged'] : [q.state];
      return ingest.alarmStore.query({
        states,
        limit: q.limit,
        ...(q.severity ? { severity: q.severity } : {}),
        ...(q.district ? { district: q.district } : {}),
        ...(q.device ? { deviceId: q.device } : {}),
        ...(q.since !== undefined ? { sinceMs: q.since } : {}),
      });
    },
  );

  app.get(
    '/api/alarms/handover',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'Shift handover: what happened during a shift (07-14, 14-21, 21-07 WIB) and what is still open',
        tags: ['alarms'],
        querystring: Type.Object({ shift: Type.Union([Type.Literal('previous'), Type.Literal('current')], { default: 'previous' }) }),
        response: { 200: HandoverSchema },
      },
    },
    async (request) => {
      const current = shiftAt(clock.now());
      return handover(ingest.alarmStore, ingest.alarms.openAlarms(), request.query.shift === 'current' ? current : shiftAt(current.from - 1));
    },
  );

  app.get(
    '/api/alarms/:id',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'One alarm with its audit trail',
        tags: ['alarms'],
        params: IdParams,
        response: { 200: Type.Object({ alarm: AlarmSchema, events: Type.Array(AlarmEventSchema) }), 404: errorAnswer('No alarm with that id') },
      },
    },
    async (request) => {
      const alarm = ingest.alarms.openAlarms().find((a) => a.id === request.params.id) ?? (await ingest.alarmStore.get(request.params.id));
      if (alarm === undefined) throw new apiErrors.KENDALI_ERR_ALARM_NOT_FOUND(request.params.id);
      return { alarm, events: await ingest.alarmStore.events({ alarmId: alarm.id, limit: 1000 }) };
    },
  );

  app.post(
    '/api/alarms/:id/ack',
    {
      config: { role: 'operator' },
      schema: {
        summary: 'Acknowledge an alarm, with an optional comment (who and when are recorded)',
        tags: ['alarms'],
        params: IdParams,
        body: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 200: AlarmSchema, 404: NoOpenAlarm },
      },
    },
    async (request) => {
      const alarm = await ingest.alarms.acknowledge(request.params.id, actor(request), request.body?.comment ?? null);
      if (alarm === undefined) throw new apiErrors.KENDALI_ERR_ALARM_NOT_FOUND(request.params.id);
      return alarm;
    },
  );

  app.post(
    '/api/alarms/:id/shelve',
    {
      config: { role: 'operator' },
      schema: {
        summary: 'Shelve an open alarm for a while (at most 24 h), with a reason; it leaves the active views until then',
        tags: ['alarms'],
        params: IdParams,
        body: Type.Object({ minutes: Type.Integer({ minimum: 1, maximum: 1440 }), reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: AlarmSchema, 404: NoOpenAlarm },
      },
    },
    async (request) => {
      const alarm = await ingest.alarms.shelve(request.params.id, actor(request), request.body.minutes * 60_000, request.body.reason);
      if (alarm === undefined) throw new apiErrors.KENDALI_ERR_ALARM_NOT_FOUND(request.params.id);
      return alarm;
    },
  );

  app.post(
    '/api/alarms/:id/unshelve',
    {
      config: { role: 'operator' },
      schema: { summary: 'Bring a shelved alarm back at once', tags: ['alarms'], params: IdParams, response: { 200: AlarmSchema, 404: NoOpenAlarm } },
    },
    async (request) => {
      const alarm = await ingest.alarms.unshelve(request.params.id, actor(request));
      if (alarm === undefined) throw new apiErrors.KENDALI_ERR_ALARM_NOT_FOUND(request.params.id);
      return alarm;
    },
  );
};
