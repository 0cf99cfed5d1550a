/**
 * Small seeded pseudo-random numbers, so a fleet and its readings replay exactly from a seed.
 * Not for anything secret.
 */

/** A source of uniform numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/** mulberry32 (Tommy Ettinger, public domain): 32 bits of state, fast, good enough for simulation. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a 32-bit hash of a string: derives stable per-device seeds from device ids. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A generator for one named stream under a seed (e.g. one device), independent of the others. */
export function derivedRandom(seed: number, name: string): Random {
  return mulberry32((hashString(name) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
}

export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** An integer in [min, max], both inclusive. */
export function uniformInteger(random: Random, min: number, max: number): number {
  return Math.floor(uniform(random, min, max + 1));
}

/** Standard normal deviate (Box-Muller). */
export function gaussian(random: Random): number {
  const u = 1 - random(); // (0, 1]: log(0) is never taken
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick needs at least one item');
  return item;
}
