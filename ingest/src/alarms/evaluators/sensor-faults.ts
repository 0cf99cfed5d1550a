import type { Device } from '@kendali/contracts';
import type { SensorFaultRule } from '@kendali/contracts';
import { cleared, formatNumber, text, type Condition, type ReadingEvaluator } from '../condition';

/** A device clock ahead of Kendali's (readings from the future break every chart and rule). */
export const clockSkewEvaluator: ReadingEvaluator<SensorFaultRule> = {
  evaluate(rule, reading, { device }) {
    if (rule.type !== 'clock-skew') return [];
    const key = `${rule.id}:${device.id}`;
    const aheadMs = reading.ts - reading.receivedAt;
    if (aheadMs <= rule.maxSkewMs) return [cleared(key)];
    const s = formatNumber(aheadMs / 1000, 0);
    return [skewCondition(rule, device, key, text(`Jam perangkat ${s.id} detik lebih cepat`, `Device clock ${s.en} s ahead`), aheadMs)];
  },
};

export function skewCondition(rule: SensorFaultRule, device: Device, key: string, detail: { id: string; en: string }, aheadMs: number | null): Condition {
  return {
    key,
    active: true,
    ruleId: rule.id,
    type: 'clock-skew',
    severity: rule.severity,
    title: text(`Jam perangkat salah: ${device.name}`, `Device clock wrong: ${device.name}`),
    detail,
    value: aheadMs,
    threshold: rule.maxSkewMs,
    deviceId: device.id,
    district: device.district,
    minDurationMs: rule.minDurationMs,
  };
}

/** A value outside the physical range was rejected: the sensor is likely faulty. A valid reading clears it. */
export function outOfRangeCondition(rule: SensorFaultRule, device: Device, message: string): Condition {
  return {
    key: `${rule.id}:${device.id}`,
    active: true,
    ruleId: rule.id,
    type: 'out-of-range',
    severity: rule.severity,
    title: text(`Nilai di luar rentang fisik: ${device.name}`, `Value outside physical range: ${device.name}`),
    detail: text(message, message),
    value: null,
    threshold: null,
    deviceId: device.id,
    district: device.district,
    minDurationMs: rule.minDurationMs,
  };
}

export const outOfRangeCleared = (rule: SensorFaultRule, device: Device) => cleared(`${rule.id}:${device.id}`);
