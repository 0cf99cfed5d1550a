import { displayIdentity, type DisplayPairing } from '@kendali/contracts';
import { useEffect, useState } from 'react';
import { ApiRequestError } from '../telemetry/api-client';
import { authStore } from '../telemetry/auth-store';
import { displayApi } from './display-api';

export type PairingView = { readonly phase: 'asking' } | { readonly phase: 'waiting'; readonly pairing: DisplayPairing } | { readonly phase: 'unreachable' };

const retryMs = 5_000; // the server may be restarting: ask again, calmly
const rateLimitedMs = 60_000; // this address asked for too many codes: wait a minute

/**
 * A wall without a credential pairs itself: it asks for a code to show, then asks every
 * `pollIntervalMs` whether an admin confirmed it. Once confirmed it keeps its display credential
 * (the page's token from then on); a code forgotten (expired, or the server restarted) is replaced.
 */
export function useWallPairing(): PairingView {
  const [view, setView] = useState<PairingView>({ phase: 'asking' });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = (next: () => void, ms: number) => {
      timer = setTimeout(next, ms);
    };
    const begin = () => {
      displayApi
        .beginPairing()
        .then((pairing) => {
          if (stopped) return;
          setView({ phase: 'waiting', pairing });
          later(() => poll(pairing), pairing.pollIntervalMs);
        })
        .catch((error: unknown) => {
          if (stopped) return;
          setView({ phase: 'unreachable' });
          later(begin, error instanceof ApiRequestError && error.status === 429 ? rateLimitedMs : retryMs);
        });
    };
    const poll = (pairing: DisplayPairing) => {
      displayApi
        .pairingState(pairing.pollId)
        .then((state) => {
          if (stopped) return;
          if (state.status === 'paired' && state.credential !== null && state.display !== null) authStore().signIn(state.credential, displayIdentity(state.display));
          else later(() => poll(pairing), pairing.pollIntervalMs);
        })
        .catch((error: unknown) => {
          if (stopped) return;
          if (error instanceof ApiRequestError && error.status === 404) begin();
          else later(() => poll(pairing), retryMs);
        });
    };
    begin();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
  return view;
}
