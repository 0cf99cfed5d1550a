import type { DeviceKindSpec } from '../field-spec';

/** Street light controller. */
export const streetLight = {
  kind: 'street-light',
  label: { id: 'Penerangan jalan', en: 'Street light' },
  expectedIntervalMs: 300_000, // 5 minutes
  required: ['lampOn'],
  fields: {
    lampOn: { type: 'boolean', description: 'Lamp switched on' },
    dimmingLevel: { type: 'number', unit: 'ratio', min: 0, max: 1, description: 'Dimming level, 0 = off, 1 = full' },
    powerW: { type: 'number', unit: 'W', senmlUnit: 'W', min: 0, max: 2000, description: 'Electrical power drawn' },
    lampFault: { type: 'boolean', description: 'Lamp or driver fault reported' },
  },
} as const satisfies DeviceKindSpec;
