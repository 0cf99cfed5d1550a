import type { DeviceKindSpec, KindLookup, StoredProfile } from '@kendali/contracts';
import { builtInKinds, compileProfile, KindSet } from '@kendali/contracts';
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api } from '../telemetry/api-client';
import { useKindChanges } from '../telemetry/use-telemetry';

/** The kinds the platform knows (`GET /api/kinds`), compiled as ingest compiles them. */
export interface RoomKinds {
  readonly kinds: KindSet;
  /** The version in force of every kind, as the server answered (built-in ones first). */
  readonly profiles: readonly StoredProfile[];
  /** False until the first answer; a page then shows kind ids and raw fields. */
  readonly loaded: boolean;
  /** Asks again (after a save, or when a page meets a kind it does not know). */
  readonly refresh: () => Promise<void>;
}

const KindsContext = createContext<RoomKinds | null>(null);

const refreshMs = 60_000; // the live stream announces changes; asking once a minute (and on focus) covers a stream that missed one

/** Compiles what the server answered; a profile that does not compile is left out (its devices show raw fields). */
export function kindSetOf(profiles: readonly StoredProfile[]): KindSet {
  const specs: DeviceKindSpec[] = [];
  for (const stored of profiles) {
    try {
      specs.push(compileProfile(stored.kind, stored.profile, stored.version));
    } catch (error) {
      console.warn(`Kendali: kind "${stored.kind}" version ${stored.version} could not be compiled`, error);
    }
  }
  return new KindSet(specs);
}

/** Whether two answers hold the same versions of the same kinds, in the same order. */
export function sameVersions(a: readonly StoredProfile[], b: readonly StoredProfile[]): boolean {
  return a.length === b.length && a.every((stored, index) => stored.kind === b[index]?.kind && stored.version === b[index]?.version && stored.changedAt === b[index]?.changedAt);
}

/**
 * Loads the kinds once at start, again as soon as the live stream says a kind changed (or reopens
 * after a break), every minute, when the window gets focus and when a page asks; renders its children after the first attempt, answered or not (a device of a kind not
 * known here shows its kind id and raw fields, never breaks a page).
 */
export function KindsProvider({ children }: { readonly children: ReactNode }) {
  const [profiles, setProfiles] = useState<readonly StoredProfile[]>([]);
  const [attempted, setAttempted] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const refresh = useCallback(async () => {
    try {
      const answer = await api.kinds();
      // Unchanged kinds keep the same objects: nothing below draws again for a refresh that found nothing new.
      setProfiles((current) => (sameVersions(current, answer) ? current : answer));
      setLoaded(true);
    } catch (error) {
      console.warn('Kendali: /api/kinds did not answer; devices show their kind ids until it does', error);
    } finally {
      setAttempted(true);
    }
  }, []);
  const kindChanges = useKindChanges();
  useEffect(() => {
    if (kindChanges > 0) void refresh();
  }, [kindChanges, refresh]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refresh]);
  const value = useMemo<RoomKinds>(() => ({ kinds: kindSetOf(profiles), profiles, loaded, refresh }), [profiles, loaded, refresh]);
  if (!attempted) return null;
  return <KindsContext.Provider value={value}>{children}</KindsContext.Provider>;
}

/** The room's kinds; only inside `KindsProvider`. */
export function useKinds(): RoomKinds {
  const kinds = useContext(KindsContext);
  if (kinds === null) throw new Error('useKinds needs a KindsProvider above it');
  return kinds;
}

/** The room's kinds once the server answered; the built-in ones until then, so a wall never goes blank for want of them. */
export function useRoomKinds(): KindLookup {
  const { kinds, loaded } = useKinds();
  return loaded ? kinds : builtInKinds;
}
