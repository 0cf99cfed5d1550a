import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AlarmAcknowledgementSchema,
  AlarmQuerySchema,
  AlarmSchema,
  AlarmShelvingSchema,
  AlarmWithEventsSchema,
  HandoverQuerySchema,
  HandoverReportSchema,
  shiftAt,
  type AlarmState,
  type CityZone,
  type Clock,
} from '@kendali/contracts';
import { handover, type AlarmEngine, type AlarmHistory } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { errorAnswer } from '../schemas';
import { actingAs } from '../auth/acting-as';

export interface AlarmRoutesOptions {
  readonly alarms: Pick<AlarmEngine, 'openAlarms' | 'acknowledge' | 'shelve' | 'unshelve'>;
  readonly alarmHistory: AlarmHistory;
  /** "Now", which decides the current shift. */
  readonly clock: Clock;
  /** The room's zone: shifts start at 07:00, 14:00 and 21:00 on its clock. */
  readonly zone: CityZone;
}

const IdParams = Type.Object({ id: Type.String() });
const NoOpenAlarm = errorAnswer('No open alarm with that id');

/** Alarms for operators: list, acknowledge, shelve, the audit trail, and the shift handover sheet. */
export const alarmRoutes: FastifyPluginAsyncTypebox<AlarmRoutesOptions> = async (app, { alarms, alarmHistory, clock, zone }) => {

  app.get(
    '/api/alarms',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'Alarms, newest change first. state=open (default: active and acknowledged), active, acknowledged, cleared or all',
        tags: ['alarms'],
        querystring: AlarmQuerySchema,
        response: { 200: Type.Array(AlarmSchema) },
      },
    },
    async (request) => {
      const q = request.query;
      const states: AlarmState[] = q.state === 'all' ? [] : q.state === 'open' ? ['active', 'acknowledged'] : [q.state];
      return alarmHistory.query({
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
        summary: "Shift handover: what happened during a shift (07-14, 14-21, 21-07 on the clock of the room's city) and what is still open",
        tags: ['alarms'],
        querystring: HandoverQuerySchema,
        response: { 200: HandoverReportSchema },
      },
    },
    async (request) => {
      const current = shiftAt(clock.now(), zone);
      return handover(alarmHistory, alarms.openAlarms(), request.query.shift === 'current' ? current : shiftAt(current.from - 1, zone));
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
        response: { 200: AlarmWithEventsSchema, 404: errorAnswer('No alarm with that id') },
      },
    },
    async (request) => {
      const alarm = alarms.openAlarms().find((a) => a.id === request.params.id) ?? (await alarmHistory.get(request.params.id));
      if (alarm === undefined) throw new apiErrors.KENDALI_ERR_ALARM_NOT_FOUND(request.params.id);
      return { alarm, events: await alarmHistory.events({ alarmId: alarm.id, limit: 1000 }) };
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
        body: AlarmAcknowledgementSchema,
        response: { 200: AlarmSchema, 404: NoOpenAlarm },
      },
    },
    async (request) => {
      const alarm = await alarms.acknowledge(request.params.id, actingAs(request), request.body?.comment ?? null);
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
        body: AlarmShelvingSchema,
        response: { 200: AlarmSchema, 404: NoOpenAlarm },
      },
    },
    async (request) => {
      const alarm = await alarms.shelve(request.params.id, actingAs(request), request.body.minutes * 60_000, request.body.reason);
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
      const alarm = await alarms.unshelve(request.params.id, actingAs(request));
      if (alarm === undefined) throw new apiErrors.KENDALI_ERR_ALARM_NOT_FOUND(request.params.id);
      return alarm;
    },
  );
};
