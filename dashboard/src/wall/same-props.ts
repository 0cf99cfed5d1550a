/** Same keys, and the same value (`Object.is`) under each: what React.memo compares, one level deep. */
export function shallowEqual(a: object, b: object): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * Props of a memoised component compared one level deeper for arrays of plain objects: scenes write
 * a chart's series and reference levels inline, so each redraw brings equal arrays in new objects.
 */
export function sameProps(a: object, b: object): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    if (!Object.hasOwn(b, key)) return false;
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (Object.is(x, y)) return true;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    return x.every((item: unknown, i) => {
      const other: unknown = y[i];
      return Object.is(item, other) || (isPlainObject(item) && isPlainObject(other) && shallowEqual(item, other));
    });
  });
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
