import { valueLabel, type StateRule } from '@kendali/contracts';
import { cleared, text, type ReadingEvaluator } from '../condition';

/** A string field in one of the rule's states (a camera `down`); the first reading of another state clears it. */
export const stateEvaluator: ReadingEvaluator<StateRule> = {
  evaluate(rule, reading, { device, spec }) {
    const value = reading.fields[rule.field];
    if (typeof value !== 'string') return [];
    const key = `${rule.id}:${device.id}`;
    if (!rule.values.includes(value)) return [cleared(key)];
    const field = spec?.fields[rule.field];
    const name = { id: field?.labels?.id ?? rule.field, en: field?.labels?.en ?? rule.field };
    return [
      {
        key,
        active: true,
        ruleId: rule.id,
        type: 'state',
        severity: rule.severity,
        title: text(`${rule.name}: ${device.name}`, `${rule.name}: ${device.name}`),
        detail: text(`${name.id}: ${valueLabel(field, value, 'id')} (${value})`, `${name.en}: ${valueLabel(field, value, 'en')} (${value})`),
        value: null,
        threshold: null,
        deviceId: device.id,
        district: device.district,
        minDurationMs: rule.minDurationMs,
      },
    ];
  },
};
