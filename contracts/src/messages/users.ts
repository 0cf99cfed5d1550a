import { Type, type Static } from 'typebox';
import { roles } from '../roles';
import { ApiTokenSchema } from './api-answers';
import { Message, Nullable, StringEnum } from './schema-builders';

/**
 * People: named accounts with a role, who sign in with a password and get a session cookie. Every
 * change they make carries their display name (alarms, commands, the audit log).
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

export const UserSchema = Message({
  username: Type.String(),
  displayName: Type.String(),
  role: StringEnum(roles),
  department: Nullable(Type.String()),
  enabled: Type.Boolean(),
  createdAt: Type.Number({ description: 'ms epoch' }),
  createdBy: Type.String(),
  lastSignInAt: Nullable(Type.Number({ description: 'ms epoch' })),
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

/** `POST /api/auth/login` answer; the session itself is the HttpOnly cookie set with it. */
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
