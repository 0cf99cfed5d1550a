/** A timeline of [drill ms, value] points, in time order; values are linear in between and held beyond the ends. */
export type Keyframes = readonly (readonly [atMs: number, value: number])[];

export function keyframeValue(frames: Keyframes, atMs: number): number {
  const first = frames[0];
  if (first === undefined) return 0;
  if (atMs <= first[0]) return first[1];
  for (let index = 1; index < frames.length; index++) {
    const [toMs, toValue] = frames[index] as readonly [number, number];
    if (atMs > toMs) continue;
    const [fromMs, fromValue] = frames[index - 1] as readonly [number, number];
    return fromValue + ((atMs - fromMs) / (toMs - fromMs)) * (toValue - fromValue);
  }
  return (frames[frames.length - 1] as readonly [number, number])[1];
}
