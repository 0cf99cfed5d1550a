import { Type, type Static } from 'typebox';
import { DeviceProfileSchema, KindIdSchema, StoredProfileSchema } from '../profiles/profile-schema';
import { List, Message, Nullable, StringEnum } from './schema-builders';

/** `GET /api/kinds`: the version in force of every kind, built-in ones first. */
export const KindsAnswerSchema = List(StoredProfileSchema);
export type KindsAnswer = Static<typeof KindsAnswerSchema>;

/** `POST /api/kinds/{kind}/try?limit=N`: the proposed profile (the body of a PUT). */
export const ProfileTrialRequestSchema = DeviceProfileSchema;

/** One recorded message whose verdict the proposed version would change. */
export const ProfileTrialChangeSchema = Message({
  /** Where the message was found: among the stored readings or the recent rejections. */
  source: StringEnum(['stored', 'rejected'] as const),
  deviceId: Type.String(),
  /** When it was measured (stored) or refused (rejected), ms epoch. */
  at: Type.Number(),
  /** Its fields as the device sent them. */
  fields: Type.Record(Type.String(), Type.Unknown()),
  /** The verdict under the proposed version. */
  now: StringEnum(['accepted', 'rejected'] as const),
  /** Why it would be refused (code and message as the device would get them), or null. */
  reason: Nullable(Message({ code: Type.String(), message: Type.String() })),
});
export type ProfileTrialChange = Static<typeof ProfileTrialChangeSchema>;

/** What the proposed version would do to the last N recorded messages of the kind's devices. */
export const ProfileTrialSchema = Message({
  kind: KindIdSchema,
  /** The version the proposal would become. */
  version: Type.Integer({ minimum: 1 }),
  examined: Message({ stored: Type.Integer({ minimum: 0 }), rejected: Type.Integer({ minimum: 0 }) }),
  /** Of the examined messages, how many the proposal accepts and refuses. */
  accepted: Type.Integer({ minimum: 0 }),
  rejected: Type.Integer({ minimum: 0 }),
  /** Refusals under the proposal, by reason code. */
  reasons: List(Message({ code: Type.String(), count: Type.Integer({ minimum: 1 }), example: Type.String() })),
  /** Every message whose verdict changes (stored → rejected, or rejected → accepted), newest first. */
  changes: List(ProfileTrialChangeSchema),
});
export type ProfileTrial = Static<typeof ProfileTrialSchema>;
