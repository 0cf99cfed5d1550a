import type { DeviceMetadataValue } from './messages/device';
import { builtInKinds, type DeviceKind, type KindLookup } from './device-kinds';
import { measures } from './quantities';
import type { SiagaLevel } from './water-gates';
import { siagaLevel, waterGateById } from './water-gates';

/** Levels at which a water-level post reaches Siaga 3, 2 and 1, cm. */
export interface SiagaThresholds {
  readonly siaga3Cm: number;
  readonly siaga2Cm: number;
  readonly siaga1Cm: number;
}

/**
 * The alarm rules' defaults for a post without levels of its own: Pintu Air 10 / Bendung Pasar
 * Baru on the Cisadane (DOMAIN.md, approximate). Kept in step with ingest's default `siaga` rule.
 */
export const defaultSiagaThresholds: SiagaThresholds = { siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 };

const numberOf = (value: DeviceMetadataValue | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * A post's Siaga levels the way the alarm rules find them: its own `siaga3Cm`/`siaga2Cm`/`siaga1Cm`
 * metadata, else the water gate named in its `gate` metadata, else the defaults. A post is a device
 * of a kind with a field of quantity `water-level-cm`; null for other kinds.
 */
export function siagaThresholdsOf(
  kind: DeviceKind,
  metadata: Readonly<Record<string, DeviceMetadataValue>> | undefined,
  kinds: KindLookup = builtInKinds,
): SiagaThresholds | null {
  if (!measures(kinds.spec(kind), 'water-level-cm')) return null;
  const [siaga3Cm, siaga2Cm, siaga1Cm] = [numberOf(metadata?.['siaga3Cm']), numberOf(metadata?.['siaga2Cm']), numberOf(metadata?.['siaga1Cm'])];
  if (siaga3Cm !== null && siaga2Cm !== null && siaga1Cm !== null) return { siaga3Cm, siaga2Cm, siaga1Cm };
  const gateId = metadata?.['gate'];
  const gate = typeof gateId === 'string' ? waterGateById(gateId) : undefined;
  if (gate) return { siaga3Cm: gate.siaga3Cm, siaga2Cm: gate.siaga2Cm, siaga1Cm: gate.siaga1Cm };
  return defaultSiagaThresholds;
}

export interface PostLevel {
  readonly levelCm: number;
  readonly siaga: SiagaLevel;
  readonly thresholds: SiagaThresholds;
  /** Level as a share of Siaga 1: the post nearest to flooding has the highest. */
  readonly shareOfSiaga1: number;
}

export function postLevel(levelCm: number, thresholds: SiagaThresholds): PostLevel {
  return { levelCm, siaga: siagaLevel(thresholds, levelCm), thresholds, shareOfSiaga1: levelCm / thresholds.siaga1Cm };
}

/** Which of two posts is the more alarming: higher Siaga first, then nearer to Siaga 1. */
export function moreAlarming(a: PostLevel, b: PostLevel | null): boolean {
  if (b === null) return true;
  if (a.siaga !== b.siaga) return a.siaga < b.siaga;
  return a.shareOfSiaga1 > b.shareOfSiaga1;
}
