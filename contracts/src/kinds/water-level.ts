import type { DeviceKindSpec } from '../field-spec';

/** Water-level post at a river or water gate; an ultrasonic sensor reports level = mount height − distance. */
export const waterLevel = {
  kind: 'water-level',
  label: { id: 'Tinggi muka air', en: 'Water level' },
  expectedIntervalMs: 60_000, // 1 minute (gates report every 15 min in Siaga 2-3; sensors far more often)
  required: ['waterLevelCm'],
  fields: {
    waterLevelCm: { type: 'number', unit: 'cm', min: -100, max: 2000, description: 'Water level above the gauge zero' },
    sensorDistanceCm: { type: 'number', unit: 'cm', min: 0, max: 3000, description: 'Raw distance from the sensor to the water surface' },
    rainfallMmPerHour: { type: 'number', unit: 'mm/h', min: 0, max: 300, description: 'Rainfall intensity at the post' },
    batteryV: { type: 'number', unit: 'V', senmlUnit: 'V', min: 0, max: 30, description: 'Battery voltage' },
  },
} as const satisfies DeviceKindSpec;
