import { parse, type ValueNode } from '@humanwhocodes/momoa';
import { apiErrors } from '../errors';

/** A JSON Pointer segment (RFC 6901 §3): `~` and `/` escaped. */
const pointerSegment = (name: string) => name.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Where the same key appears twice in one object, by JSON path, and `__proto__` keys, which a
 * plain object cannot hold as data. RFC 8259 §4 leaves duplicate names' meaning to the parser,
 * and `JSON.parse` keeps the last silently: in a profile that would drop a field unseen.
 */
function duplicateKeys(node: ValueNode, path: string, found: string[]): void {
  if (node.type === 'Array') {
    node.elements.forEach((element, index) => duplicateKeys(element.value, `${path}/${index}`, found));
    return;
  }
  if (node.type !== 'Object') return;
  const seen = new Set<string>();
  for (const member of node.members) {
    const name = member.name.type === 'String' ? member.name.value : member.name.name;
    const at = `${path}/${pointerSegment(name)}`;
    if (name === '__proto__') found.push(`${at}: "__proto__" is not a name a profile can use`);
    else if (seen.has(name)) found.push(`${at}: the key "${name}" appears more than once (keep one)`);
    seen.add(name);
    duplicateKeys(member.value, at, found);
  }
}

/**
 * Parses the JSON body of a profile, refusing one that names a key twice in an object: every such
 * key is named by its JSON path in one answer, like the profile's other problems.
 */
export function parseProfileBody(text: string): unknown {
  let document;
  try {
    document = parse(text, { mode: 'json' });
  } catch (error) {
    throw new apiErrors.KENDALI_ERR_REQUEST_INVALID(`the body is not JSON: ${(error as Error).message}`);
  }
  const found: string[] = [];
  duplicateKeys(document.body, '', found);
  if (found.length > 0) throw new apiErrors.KENDALI_ERR_PROFILE_INVALID(found.join('; '));
  return JSON.parse(text) as unknown;
}
