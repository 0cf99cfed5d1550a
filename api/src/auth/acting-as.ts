import { systemOwner } from '@kendali/contracts';

interface Actor {
  readonly name: string;
  readonly role: string;
  readonly via?: string;
  readonly owner?: string;
}

/**
 * Who a request acts as, as records name them: the person's or token's name and the role, e.g.
 * `Siti Rahma (operator)`; a token a person owns also names its owner, `deploy (engineer, token of siti)`.
 */
export const actingAs = (request: { readonly auth: Actor | null }): string => {
  const auth = request.auth;
  if (auth === null) return 'unknown (?)';
  const owned = auth.via === 'token' && auth.owner !== undefined && auth.owner !== systemOwner;
  return `${auth.name} (${auth.role}${owned ? `, token of ${auth.owner}` : ''})`;
};
