import { hourOfDay } from '@kendali/contracts';
import type { StreetLightRule } from '@kendali/contracts';
import { cleared, text, type ReadingEvaluator } from '../condition';

const within = (hour: number, start: number, end: number) => (start <= end ? hour >= start && hour < end : hour >= start || hour < end);

/** A lamp burning in daylight wastes power; a lamp dark at night is a safety problem. */
export const streetLightEvaluator: ReadingEvaluator<StreetLightRule> = {
  evaluate(rule, reading, { device }) {
    const on = reading.fields.lampOn;
    if (typeof on !== 'boolean') return [];
    const key = `${rule.id}:${device.id}`;
    const hour = hourOfDay(reading.ts); // the city's clock, not the server's
    const onInDaylight = on && within(hour, rule.dayStartHour, rule.dayEndHour);
    const offAtNight = !on && within(hour, rule.nightStartHour, rule.nightEndHour);
    if (!onInDaylight && !offAtNight) return [cleared(key)];
    return [
      {
        key,
        active: true,
        ruleId: rule.id,
        type: 'street-light-schedule',
        severity: offAtNight ? rule.severity : 'warning',
        title: onInDaylight ? text(`Lampu menyala siang hari: ${device.name}`, `Lamp on in daylight: ${device.name}`) : text(`Lampu padam malam hari: ${device.name}`, `Lamp off at night: ${device.name}`),
        detail: text(`Kecamatan ${device.district}`, `${device.district} district`),
        value: on ? 1 : 0,
        threshold: null,
        deviceId: device.id,
        district: device.district,
        minDurationMs: rule.minDurationMs,
      },
    ];
  },
};
