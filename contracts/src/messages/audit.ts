import { Type, type Static } from 'typebox';
import { EpochMsSchema } from './api-requests';
import { Message, Nullable, StringEnum } from './schema-builders';

/**
 * The audit log: every write made through the API (and, once people sign in, every sign-in), who made
 * it, from where, and what it changed, never a secret. It is append-only and hash-chained: each
 * entry's hash covers its content and the hash of the entry before it, so an entry edited or
 * deleted in the database file is found by `GET /api/audit/verify`.
 */

/** The hash the first entry chains to. */
export const auditGenesisHash = '0'.repeat(64);

export const AuditEntrySchema = Message({
  /** 1, 2, 3, … with no gaps: a missing number is a deleted entry. */
  seq: Type.Integer({ minimum: 1 }),
  at: Type.Number({ description: 'When, ms epoch' }),
  /** Who acted: a token's name (a person's name once accounts exist), or `anonymous` when no valid credential came. */
  actor: Type.String(),
  role: Nullable(Type.String({ description: 'The role the actor acted with, null when it had none' })),
  address: Type.String({ description: 'The client address the request came from' }),
  /** Method and route, e.g. `PUT /api/kinds/:kind`. */
  action: Type.String(),
  /** What the action was on: the route's parameters (a device id, a kind), or null. */
  target: Nullable(Type.String()),
  /** The HTTP status the API answered: a refused write is recorded too. */
  status: Type.Integer(),
  /** The request body with secrets replaced by `[redacted]`, shortened; or its size and type when it is not JSON. */
  summary: Type.String(),
  /** The hash of the entry before (or 64 zeros for the first). */
  prevHash: Type.String(),
  /** sha256 (hex) of this entry's content and `prevHash`. */
  hash: Type.String(),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

/** `GET /api/audit`: which entries, newest first. */
export const AuditQuerySchema = Message({
  actor: Type.Optional(Type.String({ maxLength: 200, description: 'Exactly this actor' })),
  target: Type.Optional(Type.String({ maxLength: 200, description: 'Exactly this target, e.g. a device id' })),
  from: Type.Optional(EpochMsSchema('At or after')),
  to: Type.Optional(EpochMsSchema('Before')),
  /** Entries older than this sequence number: pass the last `seq` of a page to get the next page. */
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 200 }),
  format: StringEnum(['json', 'csv'] as const, { default: 'json', description: 'json, or csv to download' }),
});
export type AuditQuery = Static<typeof AuditQuerySchema>;

/** `GET /api/audit/verify`: whether the chain is whole, and where it first breaks. */
export const AuditVerificationSchema = Message({
  ok: Type.Boolean(),
  /** Entries checked. */
  entries: Type.Integer({ minimum: 0 }),
  /** The newest entry: keep its hash somewhere else, and a later verify proves nothing before it changed. */
  head: Nullable(Message({ seq: Type.Integer(), hash: Type.String() })),
  /** The first entry found changed, or the first number found missing; null when the chain is whole. */
  brokenAt: Nullable(Type.Integer()),
  problem: Nullable(Type.String()),
});
export type AuditVerification = Static<typeof AuditVerificationSchema>;
