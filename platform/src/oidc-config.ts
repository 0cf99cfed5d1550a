import { z } from 'zod';
import type { OidcSettings } from '@kendali/api';
import { isRole, roles, type Role } from '@kendali/contracts';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An http(s) URL; plain HTTP only on this machine: tokens and codes cross it. */
const providerUrl = (what: string) =>
  z
    .url({ protocol: /^https?$/, error: `must be the https URL of ${what}` })
    .refine((value) => !URL.canParse(value) || new URL(value).protocol === 'https:' || loopbackHosts.has(new URL(value).hostname), { error: `must be https (plain http only for a provider on this machine, 127.0.0.1 or localhost)` });

/** `kendali-admin=admin,kendali-ops=operator`: claim values and the roles they give; a value may hold `=`, the last one splits. */
const roleMap = z.string().transform((value, context) => {
  const entries: { value: string; role: Role }[] = [];
  for (const pair of value.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const split = pair.lastIndexOf('=');
    const claimValue = pair.slice(0, split).trim();
    const role = pair.slice(split + 1).trim();
    if (split <= 0 || claimValue === '' || !isRole(role)) {
      context.addIssue({ code: 'custom', message: `"${pair}" is not <group or role at the provider>=<${roles.join('|')}>; write e.g. kendali-admin=admin,kendali-ops=operator` });
      return z.NEVER;
    }
    entries.push({ value: claimValue, role });
  }
  return entries;
});

/** The single sign-on settings, each an environment variable (README, Single sign-on). */
export const oidcSettingsSchema = {
  KENDALI_OIDC_ISSUER: providerUrl('the identity provider (its issuer, e.g. https://sso.example.go.id/realms/pemkot)').optional(),
  KENDALI_OIDC_CLIENT_ID: z.string().min(1).optional(),
  KENDALI_OIDC_CLIENT_SECRET: z.string().max(4096, 'must be at most 4096 characters (the secret the provider issued for the client)').optional(),
  KENDALI_OIDC_REDIRECT_URL: providerUrl("Kendali's callback as the provider knows it (…/api/auth/oidc/callback)").optional(),
  KENDALI_OIDC_NAME: z.string().min(1).max(60, 'must be at most 60 characters (it labels a button)').default('SSO'),
  KENDALI_OIDC_ROLE_CLAIM: z.string().min(1).default('groups'),
  KENDALI_OIDC_ROLE_MAP: roleMap.optional(),
  KENDALI_OIDC_DEFAULT_ROLE: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }).optional(),
  KENDALI_OIDC_DEPARTMENT_CLAIM: z.string().min(1).optional(),
};

type OidcEnv = z.output<z.ZodObject<typeof oidcSettingsSchema>>;

/** Single sign-on as set, null when off; a setting that cannot work alone is a problem naming what to set. */
export function oidcConfig(s: OidcEnv, relevant: Readonly<Record<string, string | undefined>>, problems: string[]): OidcSettings | null {
  const others = Object.keys(relevant).filter((name) => name.startsWith('KENDALI_OIDC_') && name !== 'KENDALI_OIDC_ISSUER');
  if (s.KENDALI_OIDC_ISSUER === undefined) {
    if (others.length > 0) problems.push(`${others.join(', ')} set but KENDALI_OIDC_ISSUER is not: set KENDALI_OIDC_ISSUER to the identity provider's issuer URL to turn single sign-on on, or unset them.`);
    return null;
  }
  const before = problems.length;
  if (s.KENDALI_OIDC_CLIENT_ID === undefined) problems.push('KENDALI_OIDC_ISSUER is set but KENDALI_OIDC_CLIENT_ID is not: set it to the client id Kendali is registered under at the identity provider.');
  if (s.KENDALI_OIDC_ROLE_MAP === undefined && s.KENDALI_OIDC_DEFAULT_ROLE === undefined) {
    problems.push('KENDALI_OIDC_ISSUER is set but neither KENDALI_OIDC_ROLE_MAP nor KENDALI_OIDC_DEFAULT_ROLE is: nobody could sign in; set KENDALI_OIDC_ROLE_MAP (e.g. kendali-admin=admin,kendali-ops=operator).');
  }
  if (problems.length > before || s.KENDALI_OIDC_CLIENT_ID === undefined) return null;
  return Object.freeze({
    issuer: s.KENDALI_OIDC_ISSUER,
    clientId: s.KENDALI_OIDC_CLIENT_ID,
    clientSecret: s.KENDALI_OIDC_CLIENT_SECRET ?? null,
    redirectUrl: s.KENDALI_OIDC_REDIRECT_URL ?? null,
    name: s.KENDALI_OIDC_NAME,
    roleClaim: s.KENDALI_OIDC_ROLE_CLAIM,
    roleMap: Object.freeze((s.KENDALI_OIDC_ROLE_MAP ?? []).map((entry) => Object.freeze(entry))),
    defaultRole: s.KENDALI_OIDC_DEFAULT_ROLE ?? null,
    departmentClaim: s.KENDALI_OIDC_DEPARTMENT_CLAIM ?? null,
  });
}
