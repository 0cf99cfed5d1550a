import type { CongestionRule } from '@kendali/contracts';
import { cleared, formatNumber, text, type ReadingEvaluator } from '../condition';

/** A junction reporting congestion, or crawling below a speed, for the rule's minimum duration. */
export const congestionEvaluator: ReadingEvaluator<CongestionRule> = {
  evaluate(rule, reading, { device }) {
    const { congested, avgSpeedKmh } = reading.fields;
    if (congested === undefined && avgSpeedKmh === undefined) return [];
    const key = `${rule.id}:${device.id}`;
    const slow = typeof avgSpeedKmh === 'number' && avgSpeedKmh < rule.minSpeedKmh;
    if (congested !== true && !slow) return [cleared(key)];
    const speed = typeof avgSpeedKmh === 'number' ? formatNumber(avgSpeedKmh, 0) : null;
    return [
      {
        key,
        active: true,
        ruleId: rule.id,
        type: 'congestion',
        severity: rule.severity,
        title: text(`Macet: ${device.name}`, `Congestion: ${device.name}`),
        detail: speed ? text(`Kecepatan rata-rata ${speed.id} km/jam`, `Average speed ${speed.en} km/h`) : text('Simpang melaporkan kemacetan', 'The junction reports congestion'),
        value: typeof avgSpeedKmh === 'number' ? avgSpeedKmh : null,
        threshold: rule.minSpeedKmh,
        deviceId: device.id,
        district: device.district,
        minDurationMs: rule.minDurationMs,
      },
    ];
  },
};
