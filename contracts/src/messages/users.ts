import { Type, type Static } from 'typebox';
import { roles } from '../roles';
import { ApiTokenSchema } from './api-answers';
import { Message, Nullable, StringEnum } from './schema-builders';

/**
 * People: named accounts with a role, who sign in with a password or through the city's identity
 * provider (OpenID Connect) and get a session cookie. Every change they make carries their display
 * name (alarms, commands, the audit log).
 */

/** Lower-case letters, digits, dot, dash and underscore; 2-64 characters, starting with a letter or digit. */
export const usernamePattern = '^[a-z0-9][a-z0-9._-]{1,63}$';
export const minPasswordLength = 12;
export const maxPasswordLength = 256;

const Username = Type.String({ pattern: usernamePattern, description: 'Sign-in name: lower-case letters, digits, dot, dash, underscore (2-64)' });
const DisplayName = Type.String({ minLength: 1, maxLength: 100, description: 'The name shown on what the person does, e.g. "Siti Rahma"' });
/** The city's department (OPD) the person works for, e.g. BPBD, DLH, Dishub, Diskominfo. */
const Department = Type.String({ minLength: 1, maxLength: 100, description: 'Department (OPD), e.g. BPBD, DLH, Dishub, Diskominfo' });
const Password = Type.String({
  minLength: minPasswordLength,
  maxLength: maxPasswordLength,
  description: `At least ${minPasswordLength} characters, not a commonly used password, not the username`,
});

/** Where an account proves who its person is: a password kept here, or the city's identity provider (OpenID Connect). */
export const accountSources = ['local', 'oidc'] as const;
export type AccountSource = (typeof accountSources)[number];

export const UserSchema = Message({
  username: Type.String(),
  displayName: Type.String(),
  role: StringEnum(roles),
  department: Nullable(Type.String()),
  enabled: Type.Boolean(),
  createdAt: Type.Number({ description: 'ms epoch' }),
  createdBy: Type.String(),
  lastSignInAt: Nullable(Type.Number({ description: 'ms epoch' })),
  source: StringEnum(accountSources, { description: '`local`: signs in with a password; `oidc`: through the identity provider, which sets its role at every sign-in' }),
});
export type User = Static<typeof UserSchema>;

/** `POST /api/users`. */
export const UserCreateSchema = Message(
  { username: Username, displayName: DisplayName, role: StringEnum(roles), department: Type.Optional(Department), password: Password },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreateSchema>;

/** `PATCH /api/users/{username}`: what to change; a new password ends the person's sessions. */
export const UserChangeSchema = Message(
  {
    displayName: Type.Optional(DisplayName),
    role: Type.Optional(StringEnum(roles)),
    department: Type.Optional(Nullable(Department)),
    enabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserChange = Static<typeof UserChangeSchema>;

/** `POST /api/auth/login`. */
export const SignInRequestSchema = Message(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: maxPasswordLength }) },
  { additionalProperties: false },
);
export type SignInRequest = Static<typeof SignInRequestSchema>;

/**
 * `POST /api/auth/login` answer, and `GET /api/auth/session` (the same session found again after a
 * reload); the session itself is the HttpOnly cookie set with it.
 */
export const SignedInSchema = Message({
  user: UserSchema,
  /** Send it back as the `X-CSRF-Token` header on every write made with the session cookie. */
  csrfToken: Type.String(),
  /** The session ends at this time (ms epoch) if unused until then; each request moves it on. */
  idleExpiresAt: Type.Number(),
  /** The session ends at this time (ms epoch) however much it is used. */
  expiresAt: Type.Number(),
});
export type SignedIn = Static<typeof SignedInSchema>;

/** `POST /api/users/{username}/unlock`: an admin lets a person locked out by failed sign-ins try again now. */
export const UserUnlockedSchema = Message({
  username: Type.String(),
  /** Whether failed sign-ins had locked the account until now. */
  wasLocked: Type.Boolean(),
});
export type UserUnlocked = Static<typeof UserUnlockedSchema>;

/** `POST /api/auth/addresses/{address}/unlock`: an admin lets an address refused for failed sign-ins try again now. */
export const AddressUnlockedSchema = Message({
  address: Type.String(),
  /** Whether failed sign-ins from it had it refused until now. */
  wasLocked: Type.Boolean(),
});
export type AddressUnlocked = Static<typeof AddressUnlockedSchema>;

/**
 * `GET /api/auth/whoami`: who the request acts as: an API token, a person signed in (then `username`
 * is theirs), or a wall screen's display credential (`owner`: the admin who paired it).
 */
export const WhoAmISchema = Message({
  ...ApiTokenSchema.properties,
  via: StringEnum(['token', 'session', 'display'] as const),
  username: Nullable(Type.String()),
});
export type WhoAmI = Static<typeof WhoAmISchema>;

/** `GET /api/auth/providers`: the ways of signing in this Kendali offers, for its sign-in page. */
export const AuthProvidersSchema = Message({
  password: Type.Boolean({ description: 'Signing in with a username and password (POST /api/auth/login)' }),
  oidc: Nullable(
    Message({
      name: Type.String({ description: 'The identity provider as the sign-in button names it, e.g. "Keycloak Pemkot"' }),
      startUrl: Type.String({ description: 'Where the browser goes to sign in; add `returnTo` (a path of this site) to come back there' }),
    }),
  ),
});
export type AuthProviders = Static<typeof AuthProvidersSchema>;
