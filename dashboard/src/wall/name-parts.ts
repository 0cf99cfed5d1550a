export interface NameParts {
  /** The part that may be cut with an ellipsis when the cell is too narrow. */
  readonly head: string;
  /** A short qualifier at the end ("(sensor 2)", "2") that tells a device from its neighbours: always shown. */
  readonly tail: string;
}

const qualifier = /^(.+?)(\s+(?:\([^()]{1,12}\)|\d{1,4}))$/u;

/**
 * Splits a device's name so a narrow cell cuts it in the middle, not at the end: "Pos Cisadane
 * Kelapa Indah (sensor 2)" reads "Pos Cisadane Kel… (sensor 2)" rather than two identical "Pos
 * Cisadane Kel…" rows.
 */
export function nameParts(name: string): NameParts {
  const match = qualifier.exec(name.trim());
  if (match === null) return { head: name.trim(), tail: '' };
  return { head: match[1]!, tail: match[2]! };
}
