import { describe, expect, it } from 'vitest';
import { takeTokenFromUrl, withTokenQuery } from './token-url';

describe('takeTokenFromUrl', () => {
  it('takes the token and keeps every other parameter and the hash', () => {
    expect(takeTokenFromUrl('http://wall.local:8080/wall?lang=en&token=kdl_abc&x=1#top')).toEqual({
      token: 'kdl_abc',
      url: '/wall?lang=en&x=1#top',
      changed: true,
    });
  });

  it('leaves an address without a token as it is', () => {
    expect(takeTokenFromUrl('http://wall.local/devices?id=wl-1')).toEqual({ token: null, url: '/devices?id=wl-1', changed: false });
  });

  it('removes an empty token parameter without reporting a token', () => {
    expect(takeTokenFromUrl('http://wall.local/wall?token=')).toEqual({ token: null, url: '/wall', changed: true });
  });

  it('decodes an encoded token', () => {
    expect(takeTokenFromUrl('http://x/wall?token=kdl_a%2Bb').token).toBe('kdl_a+b');
  });
});

describe('withTokenQuery', () => {
  it('adds the token as the first or a further parameter, encoded', () => {
    expect(withTokenQuery('/api/live', 'kdl_a+b')).toBe('/api/live?token=kdl_a%2Bb');
    expect(withTokenQuery('/api/devices?kind=traffic', 'kdl_x')).toBe('/api/devices?kind=traffic&token=kdl_x');
  });
});
