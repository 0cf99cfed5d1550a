import type { AlarmRulesDocument } from '@kendali/contracts';
import { streetLightMarginMinutes } from './rule-migration';

const minute = 60_000;

/**
 * The rules a new installation starts with (version 0); engineers change them through
 * `PUT /api/alarm-rules`, which stores every version. Thresholds follow DOMAIN.md.
 */
export const defaultAlarmRules: AlarmRulesDocument = {
  version: 0,
  rules: [
    { id: 'air-ispu', name: 'ISPU Tidak Sehat or worse', type: 'ispu', enabled: true, scope: { kind: 'air-quality' }, minDurationMs: 0, minCategory: 'tidak-sehat', hysteresisIndex: 5 },
    {
      id: 'water-siaga',
      name: 'Water gate Siaga levels',
      type: 'siaga',
      enabled: true,
      scope: { kind: 'water-level' },
      minDurationMs: 0,
      // Pintu Air 10 / Bendung Pasar Baru (Cisadane) approximate levels; posts with their own levels override.
      defaultThresholds: { siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 },
      gates: {},
      hysteresisCm: 10,
      riseCmPerHour: 50,
    },
    { id: 'device-offline', name: 'Device offline', type: 'offline', enabled: true, scope: {}, minDurationMs: 20_000, severity: 'minor', groupDistrictRatio: 0.5, groupMinDevices: 5 },
    { id: 'wifi-ap-down', name: 'Wi-Fi access point down', type: 'offline', enabled: true, scope: { kind: 'wifi-ap' }, minDurationMs: 20_000, severity: 'major', groupDistrictRatio: 0.5, groupMinDevices: 5 },
    { id: 'stuck-water', name: 'Water level sensor stuck', type: 'stuck', enabled: true, scope: { kind: 'water-level' }, minDurationMs: 60 * minute, fields: ['waterLevelCm'], severity: 'minor' },
    { id: 'stuck-air', name: 'Air-quality sensor stuck', type: 'stuck', enabled: true, scope: { kind: 'air-quality' }, minDurationMs: 60 * minute, fields: ['pm25', 'temperatureC'], severity: 'warning' },
    { id: 'out-of-range', name: 'Value outside physical range', type: 'out-of-range', enabled: true, scope: {}, minDurationMs: 0, severity: 'minor', maxSkewMs: 0 },
    { id: 'clock-skew', name: 'Device clock ahead', type: 'clock-skew', enabled: true, scope: {}, minDurationMs: 0, severity: 'warning', maxSkewMs: 60_000 },
    {
      id: 'wifi-channel-utilization',
      name: 'Wi-Fi channel crowded',
      type: 'threshold',
      enabled: true,
      scope: { kind: 'wifi-ap' },
      minDurationMs: 10 * minute,
      field: 'channelUtilizationPct',
      op: 'above',
      limit: 80,
      hysteresis: 10,
      severity: 'warning',
    },
    {
      id: 'street-light-schedule',
      name: 'Street light on in daylight or off at night',
      type: 'street-light-schedule',
      enabled: true,
      scope: { kind: 'street-light' },
      minDurationMs: 15 * minute,
      marginMinutes: streetLightMarginMinutes,
      severity: 'minor',
    },
    { id: 'traffic-congestion', name: 'Traffic congestion', type: 'congestion', enabled: true, scope: { kind: 'traffic' }, minDurationMs: 10 * minute, minSpeedKmh: 10, severity: 'warning' },
  ],
};
