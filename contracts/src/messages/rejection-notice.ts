import { Type, type Static } from 'typebox';
import { rejectionCodes, type RejectionCode } from '../rejection';
import { Message, StringEnum } from './schema-builders';

/** Payload of `kendali/v1/devices/{id}/errors`: why a device's message was not stored. */
export const RejectionNoticeSchema = Message({
  code: StringEnum(Object.keys(rejectionCodes) as RejectionCode[]),
  message: Type.String(),
  /** The topic the refused message came on. */
  topic: Type.String(),
  /** ISO 8601 time the message was rejected. */
  at: Type.String({ format: 'date-time' }),
});
export type RejectionNotice = Static<typeof RejectionNoticeSchema>;
