import type { Device, SettingsDriftRule } from '@kendali/contracts';
import { cleared, text, type Condition } from '../condition';

/** A device not reporting the desired value of `mismatched` settings; held for the rule's duration it is in drift. */
export function settingsDriftCondition(rule: SettingsDriftRule, device: Device, mismatched: readonly string[]): Condition {
  const key = `${rule.id}:${device.id}`;
  if (mismatched.length === 0) return cleared(key);
  const names = mismatched.join(', ');
  return {
    key,
    active: true,
    ruleId: rule.id,
    type: 'settings-drift',
    severity: rule.severity,
    title: text(`Pengaturan belum diterapkan: ${device.name}`, `Settings not applied: ${device.name}`),
    detail: text(`Perangkat tidak melaporkan nilai yang diminta untuk: ${names}`, `The device does not report the desired value of: ${names}`),
    value: mismatched.length,
    threshold: null,
    deviceId: device.id,
    district: device.district,
    minDurationMs: rule.minDurationMs,
  };
}
