import { roles, usernamePattern, type Role } from '@kendali/contracts';
import type { ExternalPerson } from '@kendali/ingest';

/** How an identity provider's claims become a Kendali account: which claim holds the groups or roles, and which role each gives. */
export interface OidcClaimRules {
  /** The claim holding the person's groups or roles; a dotted path reaches into objects (`realm_access.roles`). */
  readonly roleClaim: string;
  /** A value of the role claim and the Kendali role it gives; the highest matching role wins. */
  readonly roleMap: readonly { readonly value: string; readonly role: Role }[];
  /** The role of a person whose claim matches nothing; null = such a person is refused. */
  readonly defaultRole: Role | null;
  /** The claim holding the person's department (OPD), a dotted path; null = departments are kept in Kendali. */
  readonly departmentClaim: string | null;
}

export type ClaimsOutcome =
  | { readonly ok: true; readonly person: ExternalPerson & { readonly subject: string } }
  | { readonly ok: false; readonly reason: 'no-username' | 'no-role' };

const maxNameChars = 100; // as a display name or department is limited in the users contract
const maxUsernameChars = 64;
const username = new RegExp(usernamePattern);

/** The value at a dotted path (`realm_access.roles`); a claim whose own name holds a dot is found first. */
export function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A claim's values as text: an array of strings, or one string. */
function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/**
 * A username of the pattern Kendali allows, from the provider's `preferred_username` (else `sub`):
 * lower case, every other character a dash, at most 64. Two names may come out alike: the account
 * remembers the subject it was made for, so a second person never takes it over.
 */
export function usernameFrom(claim: string): string | null {
  const name = claim
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents go, letters stay: "Désirée" → "desiree"
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, maxUsernameChars);
  return username.test(name) ? name : null;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, maxNameChars) : null);

/** The role the claim gives: the highest mapped one among its values, else the default. */
export function roleFrom(claims: Readonly<Record<string, unknown>>, rules: Pick<OidcClaimRules, 'roleClaim' | 'roleMap' | 'defaultRole'>): Role | null {
  const held = new Set(claimValues(claimAt(claims, rules.roleClaim)));
  const given = rules.roleMap.filter((entry) => held.has(entry.value)).map((entry) => roles.indexOf(entry.role));
  return given.length > 0 ? roles[Math.max(...given)]! : rules.defaultRole;
}

/** The account an ID token's (and user info's) claims describe, or why they describe none. */
export function personFromClaims(claims: Readonly<Record<string, unknown>>, rules: OidcClaimRules): ClaimsOutcome {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const name = usernameFrom(text(claims.preferred_username) ?? subject);
  if (subject === '' || name === null) return { ok: false, reason: 'no-username' };
  const role = roleFrom(claims, rules);
  if (role === null) return { ok: false, reason: 'no-role' };
  const fullName = [text(claims.given_name), text(claims.family_name)].filter((part) => part !== null).join(' ');
  const displayName = text(claims.name) ?? text(fullName) ?? name;
  const department = rules.departmentClaim === null ? {} : { department: claimValues(claimAt(claims, rules.departmentClaim)).map(text).find((value) => value !== null) ?? null };
  return { ok: true, person: { subject, username: name, displayName, role, ...department } };
}
