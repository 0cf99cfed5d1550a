import type { ThresholdRule } from '@kendali/contracts';
import { cleared, formatNumber, text, type Condition, type ReadingEvaluator } from '../condition';

/** A field above (or below) a limit; it clears only once back past the limit by the hysteresis. */
export const thresholdEvaluator: ReadingEvaluator<ThresholdRule> = {
  evaluate(rule, reading, { device, spec, isOpen }) {
    const value = reading.fields[rule.field];
    if (typeof value !== 'number') return [];
    const key = `${rule.id}:${device.id}`;
    const sign = rule.op === 'above' ? 1 : -1;
    const limit = isOpen(key) ? rule.limit - sign * rule.hysteresis : rule.limit;
    if (!(sign * (value - limit) > 0)) return [cleared(key)];
    const unit = spec?.fields[rule.field]?.unit ?? '';
    const v = formatNumber(value);
    const l = formatNumber(rule.limit);
    const condition: Condition = {
      key,
      active: true,
      ruleId: rule.id,
      type: 'threshold',
      severity: rule.severity,
      title: text(`${rule.name}: ${device.name}`, `${rule.name}: ${device.name}`),
      detail: text(
        `${rule.field} ${v.id} ${unit} ${rule.op === 'above' ? 'di atas' : 'di bawah'} batas ${l.id} ${unit}`,
        `${rule.field} ${v.en} ${unit} ${rule.op === 'above' ? 'above' : 'below'} the limit of ${l.en} ${unit}`,
      ),
      value,
      threshold: rule.limit,
      deviceId: device.id,
      district: device.district,
      minDurationMs: rule.minDurationMs,
    };
    return [condition];
  },
};
