import type { DeviceStatus } from '@kendali/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../telemetry/api-client';
import type { DeviceQuery } from '@kendali/contracts';

export interface DeviceList {
  readonly devices: readonly DeviceStatus[];
  readonly loading: boolean;
  readonly error: string | null;
  /** Loads the list again (after a change), keeping the current one on screen meanwhile. */
  refresh(): void;
}

const typingPauseMs = 250; // wait for a pause in typing before searching

/** `GET /api/devices` for the given filters, searched again when they change. */
export function useDeviceList(query: Required<DeviceQuery>): DeviceList {
  const [devices, setDevices] = useState<readonly DeviceStatus[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const { q, kind, district } = query;

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .devices({ q: q.trim(), kind, district })
        .then((list) => {
          if (cancelled) return;
          setDevices(list);
          setError(null);
        })
        .catch((failure: unknown) => {
          if (!cancelled) setError(failure instanceof Error ? failure.message : String(failure));
        })
        .finally(() => {
          if (!cancelled) setLoading(false);
        });
    }, version === 0 && q === '' ? 0 : typingPauseMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [q, kind, district, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return { devices, loading, error, refresh };
}
