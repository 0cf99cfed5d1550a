import type { StoredProfile } from '@kendali/contracts';
import { builtInKindNames, builtInProfiles } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { fieldLabel, kindLabel } from './kind-text';
import { kindSetOf, sameVersions } from './kinds-context';

const stored = (kind: string, profile: StoredProfile['profile'], version = 1): StoredProfile => ({ kind, version, builtIn: false, profile, changedAt: '2026-01-02T03:04:05.000Z', changedBy: 'engineer', changes: [] });
const noise = stored('noise-level', {
  labels: { id: 'Kebisingan', en: 'Noise' },
  intervalS: 30,
  headline: 'laeqDb',
  fields: { peakDb: { type: 'number', unit: 'dB(A)' }, laeqDb: { type: 'number', unit: 'dB(A)', min: 20, max: 140, required: true, labels: { id: 'Tingkat bising', en: 'Noise level' } } },
}, 3);

describe('the kinds the dashboard learns from GET /api/kinds', () => {
  it('are compiled as ingest compiles them, in the order the server listed them', () => {
    const kinds = kindSetOf([...builtInKindNames.map((kind) => stored(kind, builtInProfiles[kind]!)), noise]);
    expect(kinds.all().map((spec) => spec.kind)).toEqual([...builtInKindNames, 'noise-level']);
    const spec = kinds.spec('noise-level');
    expect(spec?.version).toBe(3);
    expect(spec?.headline).toBe('laeqDb');
    expect(spec?.expectedIntervalMs).toBe(30_000);
    expect(spec?.required).toEqual(['laeqDb']);
  });

  it("leave a profile that does not compile out, so its devices show raw fields", () => {
    const broken = stored('broken', { labels: { id: 'Rusak', en: 'Broken' }, intervalS: 60, fields: null } as unknown as StoredProfile['profile']);
    const kinds = kindSetOf([broken, noise]);
    expect(kinds.spec('broken')).toBeUndefined();
    expect(kinds.spec('noise-level')).toBeDefined();
  });

  it('label kinds and fields from the profile, falling back to the ids', () => {
    const spec = kindSetOf([noise]).spec('noise-level');
    expect(kindLabel(spec, 'noise-level', 'id')).toBe('Kebisingan');
    expect(kindLabel(spec, 'noise-level', 'en')).toBe('Noise');
    expect(kindLabel(undefined, 'vibration', 'en')).toBe('vibration');
    expect(fieldLabel(spec, 'laeqDb', 'en')).toBe('Noise level');
    expect(fieldLabel(spec, 'peakDb', 'id')).toBe('peakDb');
    expect(fieldLabel(undefined, 'x', 'id')).toBe('x');
  });

  it('count as unchanged only with the same kinds at the same versions', () => {
    expect(sameVersions([noise], [{ ...noise }])).toBe(true);
    expect(sameVersions([noise], [{ ...noise, version: 4 }])).toBe(false);
    expect(sameVersions([noise], [])).toBe(false);
    expect(sameVersions([], [])).toBe(true);
  });
});
