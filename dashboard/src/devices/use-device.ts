import type { DeviceStatus } from '@kendali/contracts';
import { useEffect, useState } from 'react';
import { api } from '../telemetry/api-client';

export interface LoadedDevice {
  readonly device: DeviceStatus | null;
  readonly error: string | null;
}

/** `GET /api/devices/:id`, loaded again whenever `version` changes (after an action). */
export function useDevice(id: string | null, version: number): LoadedDevice {
  const [state, setState] = useState<LoadedDevice & { readonly id: string | null }>({ id, device: null, error: null });
  useEffect(() => {
    if (id === null) return undefined;
    let cancelled = false;
    api
      .device(id)
      .then((device) => !cancelled && setState({ id, device, error: null }))
      .catch((failure: unknown) => !cancelled && setState({ id, device: null, error: failure instanceof Error ? failure.message : String(failure) }));
    return () => {
      cancelled = true;
    };
  }, [id, version]);
  return state.id === id ? state : { device: null, error: null };
}
