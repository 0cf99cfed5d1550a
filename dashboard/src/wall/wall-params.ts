/** The wall's scenes, in rotation order. */
export const sceneIds = ['overview', 'environment', 'flood', 'mobility', 'wifi'] as const;
export type SceneId = (typeof sceneIds)[number];

export interface WallParams {
  /** The scene shown first (`?scene=flood`). */
  readonly scene: SceneId;
  /** Seconds each scene stays (`?rotate=30`); 0 holds the first scene. */
  readonly rotateSeconds: number;
}

export const defaultRotateSeconds = 20;
const minRotateSeconds = 5; // faster than this nobody can read a scene from across the room
const maxRotateSeconds = 3_600;

function asScene(value: string | null): SceneId | null {
  return sceneIds.find((id) => id === value) ?? null;
}

/** Reads `?scene=` and `?rotate=` (a wall is set up by its address alone); bad values fall back to the defaults. */
export function parseWallParams(search: string): WallParams {
  const params = new URLSearchParams(search);
  const scene = asScene(params.get('scene')) ?? 'overview';
  const raw = params.get('rotate');
  const seconds = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
  let rotateSeconds = defaultRotateSeconds;
  if (seconds === 0) rotateSeconds = 0;
  else if (Number.isFinite(seconds) && seconds > 0) rotateSeconds = Math.min(maxRotateSeconds, Math.max(minRotateSeconds, seconds));
  return { scene, rotateSeconds };
}

/** The scene after `scene` in rotation order. */
export function nextScene(scene: SceneId): SceneId {
  return sceneIds[(sceneIds.indexOf(scene) + 1) % sceneIds.length] ?? 'overview';
}
