import type { DeviceKindSpec } from '../field-spec';

/** Public Wi-Fi access point (fields common to UniFi, OpenWrt and OpenWiFi). */
export const wifiAp = {
  kind: 'wifi-ap',
  label: { id: 'Wi-Fi publik', en: 'Public Wi-Fi' },
  expectedIntervalMs: 60_000, // 1 minute
  required: ['clients'],
  fields: {
    clients: { type: 'integer', unit: 'clients', senmlUnit: 'count', min: 0, max: 2000, description: 'Connected clients' },
    txBps: { type: 'number', unit: 'bit/s', senmlUnit: 'bit/s', min: 0, max: 1e11, description: 'Transmit rate' },
    rxBps: { type: 'number', unit: 'bit/s', senmlUnit: 'bit/s', min: 0, max: 1e11, description: 'Receive rate' },
    uptimeS: { type: 'integer', unit: 's', senmlUnit: 's', min: 0, max: 1e10, description: 'Time since the AP booted' },
    channel: { type: 'integer', min: 1, max: 233, description: 'Radio channel number' },
    channelUtilizationPct: { type: 'number', unit: '%', senmlUnit: '%', min: 0, max: 100, description: 'Channel utilisation' },
    noiseDbm: { type: 'number', unit: 'dBm', min: -130, max: 0, description: 'Noise floor' },
    txPowerDbm: { type: 'number', unit: 'dBm', min: -10, max: 40, description: 'Transmit power' },
    cpuLoadPct: { type: 'number', unit: '%', senmlUnit: '%', min: 0, max: 100, description: 'CPU load' },
    memoryUsedPct: { type: 'number', unit: '%', senmlUnit: '%', min: 0, max: 100, description: 'Memory in use' },
  },
} as const satisfies DeviceKindSpec;
