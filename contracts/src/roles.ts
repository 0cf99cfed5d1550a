/**
 * API roles, each including the ones before it:
 * viewer (wall displays, executives: read only) < operator (acknowledges alarms)
 * < engineer (devices) < admin (tokens, settings).
 */
export const roles = ['viewer', 'operator', 'engineer', 'admin'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Does a token of role `held` satisfy a route that needs `needed`? */
export function roleSatisfies(held: Role, needed: Role): boolean {
  return roles.indexOf(held) >= roles.indexOf(needed);
}
