import { describe, expect, it } from 'vitest';
import { builtInProfiles } from '@kendali/contracts';
import { profileProblems } from './profile-validation';

describe('profile validation', () => {
  it.each(Object.entries(builtInProfiles))('finds no problem in the built-in profile %s', (_kind, profile) => {
    expect(profileProblems(profile).problems).toEqual([]);
  });

  it('refuses field, command and setting names that break their patterns, naming each', () => {
    const { problems } = profileProblems({
      labels: { id: 'Kebisingan', en: 'Noise' },
      intervalS: 60,
      fields: { '': { type: 'number' }, laeqDb: { type: 'number' } },
      commands: { Restart: { params: {} } },
      settings: { 'night mode': { schema: {} } },
    });
    expect(problems).toEqual([
      { path: '/fields', message: '"" is not a name Kendali can store: a letter, then letters, digits or _ (at most 63)' },
      { path: '/commands', message: '"Restart" is not a command name: kebab-case, e.g. set-dimming' },
      { path: '/settings', message: '"night mode" is not a name Kendali can store: a letter, then letters, digits or _ (at most 63)' },
    ]);
  });

  const camera = (status: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    labels: { id: 'CCTV', en: 'CCTV' },
    intervalS: 60,
    fields: { status, fps: { type: 'number', min: 0, max: 120 } },
    ...extra,
  });

  it('takes a string field with its values, some of them labelled', () => {
    const { problems } = profileProblems(camera({ type: 'string', values: ['ok', 'degraded', 'down'], required: true, valueLabels: { down: { id: 'Mati', en: 'Down' } } }));
    expect(problems).toEqual([]);
  });

  it('names each problem of a string field with its JSON path', () => {
    expect(profileProblems(camera({ type: 'string', min: 0, max: 2 })).problems).toEqual([
      { path: '/fields/status/min', message: 'a string field has no minimum' },
      { path: '/fields/status/max', message: 'a string field has no maximum' },
      { path: '/fields/status/values', message: 'a string field lists the values it may take, e.g. "values": ["ok", "degraded", "down"]' },
    ]);
    expect(profileProblems(camera({ type: 'string', values: ['ok', 'down'], valueLabels: { mati: { id: 'Mati', en: 'Down' } } })).problems).toEqual([
      { path: '/fields/status/valueLabels/mati', message: '"mati" is not one of the field\'s values (ok, down)' },
    ]);
    expect(profileProblems(camera({ type: 'integer', values: ['ok'], valueLabels: { ok: { id: 'Baik', en: 'OK' } } })).problems).toEqual([
      { path: '/fields/status/values', message: 'an integer field takes no list of values; only a string field does' },
      { path: '/fields/status/valueLabels', message: 'an integer field has no values to label; only a string field does' },
    ]);
  });

  it.each([
    ['no value', [], '/fields/status/values', 'must NOT have fewer than 1 items'],
    ['65 values', Array.from({ length: 65 }, (_, i) => `s${i}`), '/fields/status/values', 'must NOT have more than 64 items'],
    ['a value listed twice', ['ok', 'down', 'ok'], '/fields/status/values', 'must NOT have duplicate items (items ## 2 and 0 are identical)'],
    ['an empty value', ['ok', ''], '/fields/status/values/1', 'must NOT have fewer than 1 characters'],
    ['a value of 65 characters', ['ok', 'x'.repeat(65)], '/fields/status/values/1', 'must NOT have more than 64 characters'],
    ['a line break in a value', ['ok', 'not\nok'], '/fields/status/values/1', 'must match pattern "^[^\\u0000-\\u001f\\u007f]*$"'],
  ])('refuses a string field with %s', (_name, values, path, message) => {
    expect(profileProblems(camera({ type: 'string', values })).problems).toEqual([{ path, message }]);
  });

  it('refuses rules that do not fit the type of the field they watch', () => {
    const rule = { name: 'Kamera', enabled: true, scope: {}, minDurationMs: 0, severity: 'major' };
    const rules = [
      { ...rule, id: 'camera-down', type: 'state', field: 'status', values: ['down', 'broken'] },
      { ...rule, id: 'fps-state', type: 'state', field: 'fps', values: ['down'] },
      { ...rule, id: 'status-above', type: 'threshold', field: 'status', op: 'above', limit: 1, hysteresis: 0 },
    ];
    expect(profileProblems(camera({ type: 'string', values: ['ok', 'down'] }, { rules })).problems).toEqual([
      { path: '/rules/0/values/1', message: 'rule "camera-down": "broken" is not one of status\'s values (ok, down)' },
      { path: '/rules/1/field', message: 'rule "fps-state": a state rule watches a string field, and "fps" is a number field' },
      { path: '/rules/2/field', message: 'rule "status-above": a threshold compares numbers, and "status" is a string field' },
    ]);
  });
});
