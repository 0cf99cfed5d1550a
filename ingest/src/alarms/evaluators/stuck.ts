import type { FieldValue, StuckRule } from '@kendali/contracts';
import { cleared, text, type Condition, type ReadingEvaluator } from '../condition';

/**
 * A sensor repeating exactly the same value: real signals always carry some noise. The condition
 * starts at the first repeat; the rule's minimum duration says how long is "too long".
 */
export function stuckEvaluator(): ReadingEvaluator<StuckRule> {
  const last = new Map<string, FieldValue>();
  return {
    evaluate(rule, reading, { device }) {
      const conditions: Condition[] = [];
      for (const field of rule.fields) {
        const value = reading.fields[field];
        if (value === undefined) continue;
        const memory = `${device.id}:${field}`;
        const key = `${rule.id}:${device.id}:${field}`;
        const previous = last.get(memory);
        last.set(memory, value);
        if (previous !== value) {
          conditions.push(cleared(key));
          continue;
        }
        conditions.push({
          key,
          active: true,
          ruleId: rule.id,
          type: 'stuck',
          severity: rule.severity,
          title: text(`Sensor macet: ${device.name}`, `Sensor stuck: ${device.name}`),
          detail: text(`${field} tetap ${String(value)} terus-menerus`, `${field} keeps reporting exactly ${String(value)}`),
          value: typeof value === 'number' ? value : null,
          threshold: null,
          deviceId: device.id,
          district: device.district,
          minDurationMs: rule.minDurationMs,
        });
      }
      return conditions;
    },
  };
}
