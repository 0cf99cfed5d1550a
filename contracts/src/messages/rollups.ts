import { Type, type Static } from 'typebox';
import { KindIdSchema } from '../profiles/profile-schema';
import { Message, StringEnum } from './schema-builders';

/**
 * Where a history answer was read from: raw readings, or the 1-minute or 1-hour roll-ups
 * (mean/min/max/last/count per bucket) kept for longer than raw readings.
 */
export const historyTiers = ['raw', '1m', '1h'] as const;
export type HistoryTier = (typeof historyTiers)[number];

export const HistoryTierSchema = StringEnum<HistoryTier>(historyTiers, { description: 'Raw readings or the roll-up the answer was read from' });

/** `POST /api/admin/rollups/rebuild`: recompute the roll-ups of a past range from the raw readings still kept. */
export const RollupRebuildRequestSchema = Message({
  from: Type.String({ maxLength: 64, description: "Start, ms epoch or ISO 8601; without a zone, the room city's wall-clock time. Rounded down to the hour" }),
  to: Type.String({ maxLength: 64, description: 'End, exclusive, in the same forms. Rounded up to the hour' }),
  kind: Type.Optional(Type.String({ ...KindIdSchema, description: 'One device kind; all kinds when absent' })),
});
export type RollupRebuildRequest = Static<typeof RollupRebuildRequestSchema>;

export const RollupRebuildAnswerSchema = Message({
  buckets: Type.Integer({ minimum: 0, description: '1-minute and 1-hour buckets written' }),
  tookMs: Type.Number({ minimum: 0, description: 'How long the rebuild took, ms' }),
});
export type RollupRebuildAnswer = Static<typeof RollupRebuildAnswerSchema>;
