import { ispuCategories, ispuCategory, ispuCategoryInfo, overallIspu, pollutantFields, type AlarmSeverity, type IspuCategory, type IspuPollutant } from '@kendali/contracts';
import type { IspuRule } from '@kendali/contracts';
import { cleared, text, type ReadingEvaluator } from '../condition';

const severityByCategory: Partial<Record<IspuCategory, AlarmSeverity>> = {
  'tidak-sehat': 'minor',
  'sangat-tidak-sehat': 'major',
  berbahaya: 'critical',
};
/** Lowest index of each category (PermenLHK P.14/2020). */
const categoryStart: Record<IspuCategory, number> = { baik: 0, sedang: 51, 'tidak-sehat': 101, 'sangat-tidak-sehat': 201, berbahaya: 301 };
const pollutantNames: Record<IspuPollutant, string> = { pm25: 'PM2.5', pm10: 'PM10', so2: 'SO₂', co: 'CO', o3: 'O₃', no2: 'NO₂', hc: 'HC' };

/**
 * Air quality by ISPU: alarm from `minCategory` up, severity by category, cleared below it less the
 * hysteresis. The pollutants are the kind's fields whose quantity is one, whatever their names.
 */
export const ispuEvaluator: ReadingEvaluator<IspuRule> = {
  evaluate(rule, reading, { device, spec, isOpen }) {
    const concentrations: Partial<Record<IspuPollutant, number>> = {};
    for (const { pollutant, field } of pollutantFields(spec)) {
      const value = reading.fields[field];
      if (typeof value === 'number') concentrations[pollutant] = value;
    }
    const ispu = overallIspu(concentrations);
    if (ispu === undefined) return [];
    const key = `${rule.id}:${device.id}`;
    const start = categoryStart[rule.minCategory];
    const limit = isOpen(key) ? start - rule.hysteresisIndex : start;
    if (ispu.index < limit) return [cleared(key)];
    // Inside the hysteresis band the alarm stays at the lowest alarming category.
    const category = ispuCategories.indexOf(ispu.category) < ispuCategories.indexOf(rule.minCategory) ? rule.minCategory : ispuCategory(ispu.index);
    const info = ispuCategoryInfo[category];
    const pollutant = pollutantNames[ispu.critical];
    return [
      {
        key,
        active: true,
        ruleId: rule.id,
        type: 'ispu',
        severity: severityByCategory[category] ?? 'minor',
        title: text(`Udara ${info.id}: ${device.name}`, `Air ${info.en.toLowerCase()}: ${device.name}`),
        detail: text(`ISPU ${ispu.index} (${pollutant}), kecamatan ${device.district}`, `ISPU ${ispu.index} (${pollutant}), ${device.district} district`),
        value: ispu.index,
        threshold: start,
        deviceId: device.id,
        district: device.district,
        minDurationMs: rule.minDurationMs,
      },
    ];
  },
};
