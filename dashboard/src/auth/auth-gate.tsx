import type { ReactNode } from 'react';
import { useAuth, useIdentityLookup } from '../telemetry/use-auth';
import { SignInPanel } from './sign-in-panel';

/** Pages need a token: without one, or when the server refused it, the sign-in panel takes the screen. */
export function AuthGate({ children }: { readonly children: ReactNode }) {
  const auth = useAuth();
  useIdentityLookup(auth);
  if (auth.status !== 'present') return <SignInPanel key={auth.status} rejected={auth.status === 'rejected'} />;
  return <>{children}</>;
}
