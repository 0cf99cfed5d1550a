import { useEffect, useState } from 'react';
import type { SceneId, WallParams } from './wall-params';
import { nextScene } from './wall-params';

/** The scene on screen: starts at `params.scene` and moves on every `params.rotateSeconds` (0: stays). */
export function useSceneRotation(params: WallParams): SceneId {
  const [scene, setScene] = useState<SceneId>(params.scene);
  useEffect(() => {
    setScene(params.scene);
    if (params.rotateSeconds <= 0) return undefined;
    const timer = setInterval(() => setScene((current) => nextScene(current)), params.rotateSeconds * 1_000);
    return () => clearInterval(timer);
  }, [params.scene, params.rotateSeconds]);
  return scene;
}
