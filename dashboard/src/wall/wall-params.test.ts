import { describe, expect, it } from 'vitest';
import { defaultRotateSeconds, nextScene, parseWallParams } from './wall-params';

describe('wall address parameters', () => {
  it('start on the overview and rotate by default', () => {
    expect(parseWallParams('')).toEqual({ scene: 'overview', rotateSeconds: defaultRotateSeconds });
  });

  it('take ?scene= and ?rotate=, 0 holding the scene', () => {
    expect(parseWallParams('?scene=flood&rotate=30')).toEqual({ scene: 'flood', rotateSeconds: 30 });
    expect(parseWallParams('?scene=wifi&rotate=0')).toEqual({ scene: 'wifi', rotateSeconds: 0 });
  });

  it('ignore unknown scenes and keep intervals readable', () => {
    expect(parseWallParams('?scene=weather&rotate=abc')).toEqual({ scene: 'overview', rotateSeconds: defaultRotateSeconds });
    expect(parseWallParams('?rotate=1').rotateSeconds).toBe(5);
    expect(parseWallParams('?rotate=-3').rotateSeconds).toBe(defaultRotateSeconds);
  });

  it('rotate through the five scenes and back', () => {
    const seen = ['overview'];
    for (let i = 0; i < 5; i += 1) seen.push(nextScene(seen.at(-1) as Parameters<typeof nextScene>[0]));
    expect(seen).toEqual(['overview', 'environment', 'flood', 'mobility', 'wifi', 'overview']);
  });
});
