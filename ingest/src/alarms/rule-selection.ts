import type { Device } from '@kendali/contracts';
import type { AlarmRule, RuleScope } from '@kendali/contracts';

/** How specific a scope is for a device: -1 = does not apply; device > district > kind > everyone. */
function specificity(scope: RuleScope, device: Device): number {
  if (scope.deviceId !== undefined && scope.deviceId !== device.id) return -1;
  if (scope.district !== undefined && scope.district !== device.district) return -1;
  if (scope.kind !== undefined && scope.kind !== device.kind) return -1;
  return (scope.deviceId ? 4 : 0) + (scope.district ? 2 : 0) + (scope.kind ? 1 : 0);
}

/** Rules of the same type watching the same thing compete; the most specific one wins. */
function slot(rule: AlarmRule): string {
  switch (rule.type) {
    case 'threshold':
      return `threshold:${rule.field}:${rule.op}`;
    case 'state':
      return `state:${rule.field}`;
    case 'stuck':
      return `stuck:${[...rule.fields].sort().join(',')}`;
    default:
      return rule.type;
  }
}

/** The rules that apply to a device: enabled, in scope, and the most specific of each slot. */
export function rulesForDevice(rules: readonly AlarmRule[], device: Device): AlarmRule[] {
  const best = new Map<string, { rule: AlarmRule; score: number }>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const score = specificity(rule.scope, device);
    if (score < 0) continue;
    const current = best.get(slot(rule));
    if (current === undefined || score > current.score) best.set(slot(rule), { rule, score });
  }
  return [...best.values()].map((entry) => entry.rule);
}
