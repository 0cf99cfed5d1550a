import type { Reading } from '@kendali/contracts';
import type { AlarmRule, SiagaThresholds } from '@kendali/contracts';
import type { Condition, EvaluationContext } from './condition';
import { congestionEvaluator } from './evaluators/congestion';
import { ispuEvaluator } from './evaluators/ispu';
import { clockSkewEvaluator, outOfRangeCleared } from './evaluators/sensor-faults';
import { siagaEvaluator } from './evaluators/siaga';
import { stateEvaluator } from './evaluators/state';
import { streetLightEvaluator } from './evaluators/street-light';
import { stuckEvaluator } from './evaluators/stuck';
import { thresholdEvaluator } from './evaluators/threshold';

export function makeEvaluators(gateThresholds?: (gateId: string) => SiagaThresholds | undefined) {
  return { siaga: siagaEvaluator(gateThresholds), stuck: stuckEvaluator() };
}

/** Every condition a stored reading produces under the device's rules. */
export function evaluateReading(rules: readonly AlarmRule[], reading: Reading, context: EvaluationContext, stateful: ReturnType<typeof makeEvaluators>): Condition[] {
  const conditions: Condition[] = [];
  for (const rule of rules) {
    switch (rule.type) {
      case 'threshold':
        conditions.push(...thresholdEvaluator.evaluate(rule, reading, context));
        break;
      case 'state':
        conditions.push(...stateEvaluator.evaluate(rule, reading, context));
        break;
      case 'ispu':
        conditions.push(...ispuEvaluator.evaluate(rule, reading, context));
        break;
      case 'siaga':
        conditions.push(...stateful.siaga.evaluate(rule, reading, context));
        break;
      case 'stuck':
        conditions.push(...stateful.stuck.evaluate(rule, reading, context));
        break;
      case 'clock-skew':
        conditions.push(...clockSkewEvaluator.evaluate(rule, reading, context));
        break;
      case 'out-of-range':
        // A valid reading means the sensor is back in its physical range.
        if (context.isOpen(`${rule.id}:${context.device.id}`)) conditions.push(outOfRangeCleared(rule, context.device));
        break;
      case 'street-light-schedule':
        conditions.push(...streetLightEvaluator.evaluate(rule, reading, context));
        break;
      case 'congestion':
        conditions.push(...congestionEvaluator.evaluate(rule, reading, context));
        break;
      case 'offline':
        break; // driven by connection changes, not readings
      case 'settings-drift':
        break; // driven by settings changes and reports
    }
  }
  return conditions;
}
