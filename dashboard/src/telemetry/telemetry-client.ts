import { builtInKinds, systemClock, type KindLookup } from '@kendali/contracts';
import type { LiveState } from './live-state';
import { applyDevices, applyFrame, emptyLiveState, restartSequence } from './live-state';
import type { LinkState, TelemetrySource } from './telemetry-source';

export interface TelemetrySnapshot {
  readonly link: LinkState;
  readonly live: LiveState;
  /**
   * Grows each time the kinds may have changed: a kind's profile changed, or the stream opened
   * again after a break (a change announced meanwhile was missed).
   */
  readonly kindChanges: number;
}

/** A store for React's useSyncExternalStore: the dashboard's single view of live telemetry. */
export interface TelemetryClient {
  subscribe(listener: () => void): () => void;
  getSnapshot(): TelemetrySnapshot;
  /** The room's kinds (`GET /api/kinds`): what devices and readings count as from now on (built-in ones until told). */
  setKinds(kinds: KindLookup): void;
}

export interface TelemetryClientOptions {
  /** This browser's clock, ms epoch (replaceable in tests). */
  readonly now?: () => number;
  /** Keep the source running this long after the last subscriber leaves, ms (React may resubscribe at once). */
  readonly idleStopMs?: number;
}

/** Starts the source with the first subscriber and stops it a moment after the last one leaves. */
export function createTelemetryClient(source: TelemetrySource, options: TelemetryClientOptions = {}): TelemetryClient {
  const now = options.now ?? systemClock.now;
  const idleStopMs = options.idleStopMs ?? 1_000;
  const listeners = new Set<() => void>();
  let snapshot: TelemetrySnapshot = { link: 'connecting', live: emptyLiveState, kindChanges: 0 };
  let wasLive = false;
  let stopSource: (() => void) | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let kinds: KindLookup = builtInKinds;

  const update = (next: TelemetrySnapshot) => {
    if (next.link === snapshot.link && next.live === snapshot.live && next.kindChanges === snapshot.kindChanges) return;
    snapshot = next;
    for (const listener of listeners) listener();
  };

  const start = () => {
    stopSource = source.start({
      devices: (list) => update({ ...snapshot, live: applyDevices(snapshot.live, list, kinds) }),
      frame: (frame) => update({ ...snapshot, live: applyFrame(snapshot.live, frame, now(), kinds) }),
      link: (link) => {
        const reopened = link === 'live' && wasLive;
        wasLive ||= link === 'live';
        update({ ...snapshot, link, live: link === 'live' ? restartSequence(snapshot.live) : snapshot.live, kindChanges: snapshot.kindChanges + (reopened ? 1 : 0) });
      },
      kindChanged: () => update({ ...snapshot, kindChanges: snapshot.kindChanges + 1 }),
    });
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (idleTimer !== null) {
        clearTimeout(idleTimer);
        idleTimer = null;
      }
      if (stopSource === null) start();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0 || idleTimer !== null) return;
        idleTimer = setTimeout(() => {
          idleTimer = null;
          if (listeners.size === 0 && stopSource !== null) {
            stopSource();
            stopSource = null;
          }
        }, idleStopMs);
      };
    },
    getSnapshot: () => snapshot,
    setKinds(next) {
      kinds = next;
    },
  };
}
