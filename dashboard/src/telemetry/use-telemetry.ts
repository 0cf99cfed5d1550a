import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import { useRoomKinds } from '../kinds/kinds-context';
import { createLiveSource } from './live-source';
import type { TelemetryClient, TelemetrySnapshot } from './telemetry-client';
import { createTelemetryClient } from './telemetry-client';
import { timingOverrides } from './timing-overrides';

/** Lets a test or a demo page put a client over another source; the live API otherwise. */
const TelemetryContext = createContext<TelemetryClient | null>(null);

let liveClient: TelemetryClient | null = null;

function defaultClient(): TelemetryClient {
  if (liveClient === null) {
    // Only a browser suite's init script shortens the silence limit (see timing-overrides.ts).
    const { liveSilenceLimitMs } = timingOverrides();
    liveClient = createTelemetryClient(createLiveSource(liveSilenceLimitMs === undefined ? {} : { silenceLimitMs: liveSilenceLimitMs }));
  }
  return liveClient;
}

export function useTelemetry(): TelemetrySnapshot {
  const client = useContext(TelemetryContext) ?? defaultClient();
  const kinds = useRoomKinds();
  useEffect(() => client.setKinds(kinds), [client, kinds]);
  return useSyncExternalStore(client.subscribe, client.getSnapshot);
}

/** Grows each time the kinds may have changed (see TelemetrySnapshot.kindChanges); frames alone do not redraw its user. */
export function useKindChanges(): number {
  const client = useContext(TelemetryContext) ?? defaultClient();
  return useSyncExternalStore(client.subscribe, () => client.getSnapshot().kindChanges);
}
