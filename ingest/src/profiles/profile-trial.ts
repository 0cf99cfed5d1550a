import { KindSet, type Clock, type DeviceKind, type ProfileTrial, type ProfileTrialChange, type Reading } from '@kendali/contracts';
import type { RejectionLog } from '../pipeline/rejection-log';
import type { DeviceRegistry } from '../registry/device-registry';
import type { TelemetryReads } from '../store/telemetry-store';
import { ReadingValidator } from '../validate/reading-validator';
import type { TimestampLimits } from '../validate/timestamp';
import type { ProfileCatalogue } from './profile-catalogue';
import { newestStoredReadings } from './newest-readings';

export interface ProfileTrialSources {
  readonly kinds: Pick<ProfileCatalogue, 'check'>;
  readonly registry: Pick<DeviceRegistry, 'list'>;
  readonly store: Pick<TelemetryReads, 'readings'>;
  readonly rejections: Pick<RejectionLog, 'rejectedRecords'>;
  readonly clock: Clock;
  /** The limits ingest applies to timestamps, so a refused record is judged as it was when it came. */
  readonly timestampLimits: TimestampLimits;
}

/** One recorded message, with the verdict ingest gave it. */
interface Examined {
  readonly source: ProfileTrialChange['source'];
  readonly deviceId: string;
  readonly at: number;
  readonly record: Readonly<Record<string, unknown>>;
  /** When ingest would judge it: the reading's arrival (stored) or its refusal (rejected). */
  readonly nowMs: number;
}

const withoutTs = (record: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const { ts: _ts, ...fields } = record;
  return fields;
};

/**
 * A dry run of a proposed profile version: the last recorded messages of the kind's devices, the
 * stored readings and the refused records the rejection log keeps, judged by the very validator
 * ingest uses with the proposal in force. Nothing is changed.
 */
export class ProfileTrials {
  constructor(private readonly sources: ProfileTrialSources) {}

  /** Throws `KENDALI_ERR_PROFILE_INVALID` (every problem with its JSON path) for a proposal that does not hold together. */
  async trial(kind: DeviceKind, candidate: unknown, limit: number): Promise<ProfileTrial> {
    const { kinds, registry, store, rejections, clock, timestampLimits } = this.sources;
    const spec = kinds.check(kind, candidate);
    const validator = new ReadingValidator(timestampLimits, new KindSet([spec]));
    const deviceIds = registry.list().filter((device) => device.kind === kind).map((device) => device.id);
    const stored = await newestStoredReadings(store, { kind, deviceIds, limit, untilMs: clock.now() + timestampLimits.maxFutureSkewMs + 1 });
    const refused = rejections.rejectedRecords(kind, limit);
    const examined: Examined[] = [
      // A stored reading's age is not the proposal's business: it is judged on its fields alone.
      ...stored.map((reading: Reading): Examined => ({ source: 'stored', deviceId: reading.deviceId, at: reading.ts, record: reading.fields, nowMs: reading.receivedAt })),
      ...refused.map((rejected): Examined => ({ source: 'rejected', deviceId: rejected.deviceId, at: rejected.at, record: rejected.record, nowMs: rejected.at })),
    ];

    let accepted = 0;
    const reasons = new Map<string, { count: number; example: string }>();
    const changes: ProfileTrialChange[] = [];
    for (const message of examined) {
      const verdict = validator.validate(kind, { ...message.record }, message.nowMs);
      if (verdict.ok) accepted++;
      else {
        const reason = reasons.get(verdict.rejection.code);
        if (reason === undefined) reasons.set(verdict.rejection.code, { count: 1, example: verdict.rejection.message });
        else reason.count++;
      }
      const wasAccepted = message.source === 'stored';
      if (verdict.ok === wasAccepted) continue;
      changes.push({
        source: message.source,
        deviceId: message.deviceId,
        at: message.at,
        fields: withoutTs(message.record),
        now: verdict.ok ? 'accepted' : 'rejected',
        reason: verdict.ok ? null : { code: verdict.rejection.code, message: verdict.rejection.message },
      });
    }
    return {
      kind,
      version: spec.version,
      examined: { stored: stored.length, rejected: refused.length },
      accepted,
      rejected: examined.length - accepted,
      reasons: [...reasons].map(([code, { count, example }]) => ({ code, count, example })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      changes: changes.sort((a, b) => b.at - a.at),
    };
  }
}
