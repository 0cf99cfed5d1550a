import type { DeviceKindSpec } from '../field-spec';

const microgramsPerCubicMetre = 'µg/m³';

/** Air-quality station: the pollutants ISPU (PermenLHK P.14/2020) is computed from, plus climate. */
export const airQuality = {
  kind: 'air-quality',
  label: { id: 'Kualitas udara', en: 'Air quality' },
  expectedIntervalMs: 60_000, // 1 minute
  required: ['pm25'],
  fields: {
    pm25: { type: 'number', unit: microgramsPerCubicMetre, min: 0, max: 1000, description: 'PM2.5 concentration' },
    pm10: { type: 'number', unit: microgramsPerCubicMetre, min: 0, max: 2000, description: 'PM10 concentration' },
    o3: { type: 'number', unit: microgramsPerCubicMetre, min: 0, max: 2000, description: 'Ozone (O3) concentration' },
    no2: { type: 'number', unit: microgramsPerCubicMetre, min: 0, max: 4000, description: 'Nitrogen dioxide (NO2) concentration' },
    so2: { type: 'number', unit: microgramsPerCubicMetre, min: 0, max: 2000, description: 'Sulphur dioxide (SO2) concentration' },
    co: { type: 'number', unit: microgramsPerCubicMetre, min: 0, max: 60_000, description: 'Carbon monoxide (CO) concentration' },
    temperatureC: { type: 'number', unit: '°C', senmlUnit: 'Cel', min: -10, max: 60, description: 'Air temperature' },
    humidityPct: { type: 'number', unit: '%RH', senmlUnit: '%RH', min: 0, max: 100, description: 'Relative humidity' },
    pressureHpa: { type: 'number', unit: 'hPa', min: 800, max: 1100, description: 'Barometric pressure' },
  },
} as const satisfies DeviceKindSpec;
