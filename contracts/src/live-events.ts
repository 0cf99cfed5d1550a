import { Type, type Static } from 'typebox';
import { Message } from './messages/schema-builders';

/**
 * Names of the server-sent events of `GET /api/live`: each `frame` carries a LiveFrame; `kinds`
 * says a kind's profile changed (a `KindChange`), so a dashboard asks `/api/kinds` again at once.
 */
export const liveEventNames = { frame: 'frame', kinds: 'kinds' } as const;

/** A new version of a kind's profile is in force. */
export const KindChangeSchema = Message({
  kind: Type.String(),
  version: Type.Integer({ minimum: 1 }),
});
export type KindChange = Static<typeof KindChangeSchema>;
