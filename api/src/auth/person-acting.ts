import type { User, WhoAmI } from '@kendali/contracts';

/** A person acting through their session, as `request.auth` names every actor: their own owner, until the session's absolute end. */
export const personActing = ({ user, expiresAt }: { readonly user: User; readonly expiresAt: number }): WhoAmI => ({
  id: `user:${user.username}`,
  name: user.displayName,
  role: user.role,
  createdAt: new Date(user.createdAt).toISOString(),
  revoked: false,
  owner: user.username,
  expiresAt: new Date(expiresAt).toISOString(),
  via: 'session',
  username: user.username,
});
