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
});
