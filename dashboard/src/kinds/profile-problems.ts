/** One problem of a refused profile: where in the document (a JSON path) and what is wrong there. */
export interface ProfileProblemLine {
  /** `/fields/pm25/min`; empty where the server named no path. */
  readonly path: string;
  readonly message: string;
}

/**
 * The server refuses a profile with one message naming every problem as `<JSON path>: <message>`,
 * separated by "; " (after a `profile of "<kind>": ` prefix); this splits it back into lines.
 */
export function profileProblemLines(message: string): ProfileProblemLine[] {
  const body = message.replace(/^profile of "[^"]*": /, '');
  return body
    .split('; ')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const at = /^(\/\S*): (.*)$/s.exec(line);
      return at ? { path: at[1]!, message: at[2]! } : { path: '', message: line };
    });
}
