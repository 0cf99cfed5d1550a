import type { AlarmRule } from '@kendali/contracts';
import { settingsDriftRule } from './default-rules';

/**
 * Rules documents stored by earlier versions, brought up to today's schema when they are read, so
 * an upgraded platform keeps the rules its engineers wrote. The stored versions stay as they were.
 */

/** Default margin round sunrise and sunset for street lights, minutes (see StreetLightRuleSchema). */
const streetLightMarginMinutes = 20;

const streetLightHourFields = ['dayStartHour', 'dayEndHour', 'nightStartHour', 'nightEndHour'] as const;

/**
 * A street-light rule with fixed hours of the day (`dayStartHour` … `nightEndHour`, before daylight
 * came from the sun) becomes one with the default margin round sunrise and sunset: fixed hours
 * cannot follow the seasons or a city in another zone, so they are dropped, not translated.
 */
function migrateRule(rule: AlarmRule): AlarmRule {
  if (rule.type !== 'street-light-schedule' || !streetLightHourFields.some((field) => field in rule)) return rule;
  const current: Record<string, unknown> = { ...rule };
  for (const field of streetLightHourFields) delete current[field];
  return { marginMinutes: streetLightMarginMinutes, ...current } as AlarmRule;
}

/** Today's shape of stored rules. */
export function migrateStoredRules(rules: readonly AlarmRule[]): AlarmRule[] {
  return rules.map(migrateRule);
}

/**
 * Documents kept before settings existed have no settings-drift rule: they get the default one, so
 * drift raises an alarm on every installation. A document always holds one; to silence drift an
 * engineer disables it (`enabled: false`) or scopes a stricter or quieter one.
 */
export function withSettingsDriftRule(rules: readonly AlarmRule[], driftAfterMs: number): AlarmRule[] {
  return rules.some((rule) => rule.type === 'settings-drift') ? [...rules] : [...rules, settingsDriftRule(driftAfterMs)];
}
