import { fieldOfQuantity, type CongestionRule } from '@kendali/contracts';
import { cleared, formatNumber, text, type ReadingEvaluator } from '../condition';

const valueOf = (fields: Readonly<Record<string, unknown>>, name: string | undefined): unknown => (name === undefined ? undefined : fields[name]);

/**
 * A junction reporting congestion, or crawling below a speed, for the rule's minimum duration; the
 * kind's fields of quantity `congestion` and `speed-kmh` say which.
 */
export const congestionEvaluator: ReadingEvaluator<CongestionRule> = {
  evaluate(rule, reading, { device, spec }) {
    const congested = valueOf(reading.fields, fieldOfQuantity(spec, 'congestion'));
    const avgSpeedKmh = valueOf(reading.fields, fieldOfQuantity(spec, 'speed-kmh'));
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
