import { readFileSync } from 'node:fs';
import { repoRoot } from './platform-process';

export interface LabelPair {
  readonly key: string;
  readonly id: string;
  readonly en: string;
}

const catalogueDir = `${repoRoot}dashboard/src/i18n/`;

/** The `key: 'text',` lines of one `const <name> = {` … `}` block of a catalogue file. */
function entriesOf(source: string, objectName: string): Map<string, string> {
  const start = new RegExp(`^(?:export )?const ${objectName}\\b[^=]*= \\{$`, 'm').exec(source);
  if (start === null) throw new Error(`${objectName} not found in the dashboard's label catalogue`);
  const end = source.indexOf('\n}', start.index);
  const entries = new Map<string, string>();
  for (const line of source.slice(start.index, end).split('\n')) {
    if (!/^\s+\w+:/.test(line)) continue;
    // One label a line, quoted with ' or " (or ` without ${}).
    const entry = /^\s+(\w+): (['"`])((?:(?!\2)[^\\]|\\.)*)\2,?$/.exec(line);
    if (entry === null || (entry[2] === '`' && entry[3]!.includes('${'))) throw new Error(`${objectName}: cannot read the label line ${line.trim()}`);
    entries.set(entry[1]!, entry[3]!.replace(/\\(.)/g, '$1'));
  }
  return entries;
}

/**
 * The dashboard's labels in both languages, read from its catalogue files as text (the tests
 * package must not import the dashboard's sources). `file` is a name under dashboard/src/i18n.
 */
export function labelPairs(file: string, idObject: string, enObject: string): LabelPair[] {
  const source = readFileSync(`${catalogueDir}${file}`, 'utf8');
  const id = entriesOf(source, idObject);
  const en = entriesOf(source, enObject);
  if (id.size === 0) throw new Error(`no labels parsed from ${idObject} in ${file}`);
  return [...id].map(([key, text]) => {
    const english = en.get(key);
    if (english === undefined) throw new Error(`${file}: ${key} has no English label`);
    return { key, id: text, en: english };
  });
}

/**
 * A `{name}` mark stands for a value: a number and what follows it on the line ("12", "8 dtk
 * lalu", "400,0 cm") or an identifier ("wl-uji-1"), so "{n} perangkat" is found in "12 perangkat"
 * but not in "atau perangkat". A value in plain words is missed: the check errs towards silence.
 */
const markValue = '(?:\\S*\\d[^\\n]*?|\\S*[-_.:/]\\S*)';

/** Whether `text` shows `label` as whole words (so "Alarm" is not found in "Alarms"). */
export function showsLabel(text: string, label: string): boolean {
  const pattern = label
    .trim()
    .split(/\{\w+\}/)
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(markValue);
  return new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'u').test(text);
}
