import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AlarmRulesInputSchema, AlarmRuleVersionSchema } from '@kendali/contracts';
import { AlarmRulesInvalid, type AlarmEngine, type AlarmHistory } from '@kendali/ingest';
import { apiErrors } from '../errors';
import { actingAs } from '../auth/acting-as';

/** The alarm rules document: read by anyone, replaced (as a new version) by engineers. */
export interface AlarmRuleRoutesOptions {
  readonly alarms: Pick<AlarmEngine, 'rules' | 'replaceRules'>;
  readonly alarmHistory: Pick<AlarmHistory, 'ruleVersions'>;
}

export const alarmRuleRoutes: FastifyPluginAsyncTypebox<AlarmRuleRoutesOptions> = async (app, { alarms, alarmHistory }) => {
  app.get(
    '/api/alarm-rules',
    { config: { role: 'viewer' }, schema: { summary: 'The alarm rules in force, with their version (the same shape PUT takes)', tags: ['alarms'], response: { 200: AlarmRulesInputSchema } } },
    async () => alarms.rules,
  );

  app.get(
    '/api/alarm-rules/versions',
    {
      config: { role: 'viewer' },
      schema: {
        summary: 'Every stored version of the rules: who changed them and when',
        tags: ['alarms'],
        response: { 200: Type.Array(AlarmRuleVersionSchema) },
      },
    },
    async () => alarmHistory.ruleVersions(),
  );

  app.put(
    '/api/alarm-rules',
    {
      config: { role: 'engineer' },
      schema: {
        summary: 'Replace the alarm rules; they take effect at once as a new version',
        description: 'Rule types: threshold, state (a string field in one of the given values), ispu, siaga, offline, stuck, out-of-range, clock-skew, street-light-schedule, congestion. Scope by kind, district or deviceId; the most specific rule of a type wins.',
        tags: ['alarms'],
        body: AlarmRulesInputSchema,
        response: { 200: AlarmRulesInputSchema },
      },
    },
    async (request) => {
      try {
        return await alarms.replaceRules(request.body, actingAs(request));
      } catch (error) {
        if (error instanceof AlarmRulesInvalid) throw new apiErrors.KENDALI_ERR_REQUEST_INVALID(error.problems.join('; '));
        throw error;
      }
    },
  );
};
