import { fieldOfQuantity, type AlarmSeverity, type Device } from '@kendali/contracts';
import type { SiagaRule, SiagaThresholds } from '@kendali/contracts';
import { cleared, formatNumber, text, type Condition, type ReadingEvaluator } from '../condition';

const severityBySiaga: Record<1 | 2 | 3, AlarmSeverity> = { 3: 'warning', 2: 'major', 1: 'critical' };
const hourMs = 3_600_000;
/** The rise rate is measured over at least this long, so one noisy reading does not look like a flood. */
const minRiseWindowMs = 10 * 60_000;

/** A post's own levels: the rule's per-device entry, else the device's metadata, else the gate it sits on. */
function thresholdsFor(rule: SiagaRule, device: Device, gateThresholds: (gateId: string) => SiagaThresholds | undefined): SiagaThresholds {
  const own = rule.gates[device.id];
  if (own) return own;
  const { siaga3Cm, siaga2Cm, siaga1Cm, gate } = device.metadata;
  if (typeof siaga3Cm === 'number' && typeof siaga2Cm === 'number' && typeof siaga1Cm === 'number') return { siaga3Cm, siaga2Cm, siaga1Cm };
  return (typeof gate === 'string' ? gateThresholds(gate) : undefined) ?? rule.defaultThresholds;
}

/** Which Siaga level a water level is at (4 = normal), given how much it must fall to leave one. */
function siagaLevel(levelCm: number, t: SiagaThresholds, fallCm: number): 1 | 2 | 3 | 4 {
  if (levelCm >= t.siaga1Cm - fallCm) return 1;
  if (levelCm >= t.siaga2Cm - fallCm) return 2;
  if (levelCm >= t.siaga3Cm - fallCm) return 3;
  return 4;
}

/**
 * Water level by Siaga (Siaga 4 normal … Siaga 1 highest): Siaga 3 = warning, 2 = major, 1 = critical,
 * one alarm per post whose severity follows the level; plus a "rising fast" warning on the rate of rise.
 */
export function siagaEvaluator(gateThresholds: (gateId: string) => SiagaThresholds | undefined = () => undefined): ReadingEvaluator<SiagaRule> {
  const history = new Map<string, { atMs: number; levelCm: number }[]>();
  return {
    evaluate(rule, reading, { device, spec, isOpen }) {
      // The post's level is the field of quantity water-level-cm, whatever the kind calls it.
      const levelField = fieldOfQuantity(spec, 'water-level-cm');
      const level = levelField === undefined ? undefined : reading.fields[levelField];
      if (typeof level !== 'number') return [];
      const t = thresholdsFor(rule, device, gateThresholds);
      const key = `${rule.id}:${device.id}`;
      const siaga = siagaLevel(level, t, isOpen(key) ? rule.hysteresisCm : 0);
      const conditions: Condition[] = [];
      const cm = formatNumber(level, 0);
      if (siaga === 4) conditions.push(cleared(key));
      else {
        const limit = siaga === 1 ? t.siaga1Cm : siaga === 2 ? t.siaga2Cm : t.siaga3Cm;
        conditions.push({
          key,
          active: true,
          ruleId: rule.id,
          type: 'siaga',
          severity: severityBySiaga[siaga],
          title: text(`Siaga ${siaga}: ${device.name}`, `Flood alert Siaga ${siaga}: ${device.name}`),
          detail: text(`Tinggi muka air ${cm.id} cm (batas Siaga ${siaga}: ${limit} cm)`, `Water level ${cm.en} cm (Siaga ${siaga} from ${limit} cm)`),
          value: level,
          threshold: limit,
          deviceId: device.id,
          district: device.district,
          minDurationMs: rule.minDurationMs,
        });
      }
      const rising = rule.riseCmPerHour > 0 ? riseCondition(rule, device, reading.ts, level, history, isOpen) : undefined;
      if (rising) conditions.push(rising);
      return conditions;
    },
  };
}

function riseCondition(
  rule: SiagaRule,
  device: Device,
  atMs: number,
  levelCm: number,
  history: Map<string, { atMs: number; levelCm: number }[]>,
  isOpen: (key: string) => boolean,
): Condition | undefined {
  const key = `${rule.id}-rising:${device.id}`;
  const points = history.get(device.id) ?? [];
  points.push({ atMs, levelCm });
  while (points.length > 2 && points[1]!.atMs <= atMs - hourMs) points.shift();
  history.set(device.id, points);
  const first = points[0]!;
  if (atMs - first.atMs < minRiseWindowMs) return undefined; // too little history to judge (e.g. after a restart)
  const rate = ((levelCm - first.levelCm) * hourMs) / (atMs - first.atMs);
  const limit = isOpen(key) ? rule.riseCmPerHour / 2 : rule.riseCmPerHour;
  if (rate < limit) return cleared(key);
  const r = formatNumber(rate, 0);
  return {
    key,
    active: true,
    ruleId: rule.id,
    type: 'water-rising',
    severity: 'warning',
    title: text(`Air naik cepat: ${device.name}`, `Water rising fast: ${device.name}`),
    detail: text(`Naik ${r.id} cm/jam`, `Rising ${r.en} cm/h`),
    value: rate,
    threshold: rule.riseCmPerHour,
    deviceId: device.id,
    district: device.district,
    minDurationMs: 0,
  };
}
