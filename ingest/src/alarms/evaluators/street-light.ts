import { daylightAt, fieldOfQuantity } from '@kendali/contracts';
import type { StreetLightRule } from '@kendali/contracts';
import { cleared, text, type ReadingEvaluator } from '../condition';

/**
 * A lamp burning in daylight wastes power; a lamp dark at night is a safety problem. Day and night
 * are the sun's at the device's city on that city's calendar day; round sunrise and sunset the
 * rule's margin leaves the lamp alone. The lamp's state is the kind's field of quantity `lamp-on`.
 */
export const streetLightEvaluator: ReadingEvaluator<StreetLightRule> = {
  evaluate(rule, reading, { device, spec, city }) {
    const lampField = fieldOfQuantity(spec, 'lamp-on');
    const on = lampField === undefined ? undefined : reading.fields[lampField];
    if (typeof on !== 'boolean') return [];
    const key = `${rule.id}:${device.id}`;
    const daylight = daylightAt(reading.ts, city, city.zone.timeZone, rule.marginMinutes * 60_000);
    const onInDaylight = on && daylight === 'day';
    const offAtNight = !on && daylight === 'night';
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
