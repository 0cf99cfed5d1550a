import type { AuthProviders } from '@kendali/contracts';

/** The ways of signing in the server offers (public: asked before anyone has signed in). */
export async function fetchAuthProviders(): Promise<AuthProviders> {
  const response = await fetch('/api/auth/providers', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/auth/providers answered ${response.status}`);
  return (await response.json()) as AuthProviders;
}
