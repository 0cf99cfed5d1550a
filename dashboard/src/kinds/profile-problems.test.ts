import { describe, expect, it } from 'vitest';
import { profileProblemLines } from './profile-problems';

describe('the problems of a refused profile', () => {
  it('come back as one line per JSON path', () => {
    const message = 'profile of "noise-level": /fields/laeqDb/min: the range 140 … 20 holds no value (min is above max); /headline: headline "db" is not one of the fields (laeqDb)';
    expect(profileProblemLines(message)).toEqual([
      { path: '/fields/laeqDb/min', message: 'the range 140 … 20 holds no value (min is above max)' },
      { path: '/headline', message: 'headline "db" is not one of the fields (laeqDb)' },
    ]);
  });

  it('keep a message without a path whole', () => {
    expect(profileProblemLines('body/fields must NOT have fewer than 1 properties')).toEqual([{ path: '', message: 'body/fields must NOT have fewer than 1 properties' }]);
    expect(profileProblemLines('/: must be object')).toEqual([{ path: '/', message: 'must be object' }]);
  });
});
