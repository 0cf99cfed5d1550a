import type { DeviceKindSpec } from '../field-spec';

/** Traffic counter at a signalised junction (ATCS). */
export const traffic = {
  kind: 'traffic',
  label: { id: 'Lalu lintas', en: 'Traffic' },
  expectedIntervalMs: 60_000, // 1 minute
  required: ['vehicleCount'],
  fields: {
    vehicleCount: { type: 'integer', unit: 'vehicles', senmlUnit: 'count', min: 0, max: 20_000, description: 'Vehicles counted in the interval' },
    intervalS: { type: 'integer', unit: 's', senmlUnit: 's', min: 1, max: 3600, description: 'Length of the counting interval' },
    occupancy: { type: 'number', unit: 'ratio', min: 0, max: 1, description: 'Share of time the detector was occupied' },
    avgSpeedKmh: { type: 'number', unit: 'km/h', min: 0, max: 200, description: 'Average speed' },
    congested: { type: 'boolean', description: 'Congestion detected at the junction' },
  },
} as const satisfies DeviceKindSpec;
