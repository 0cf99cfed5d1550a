import type { City, CityZone } from '@kendali/contracts';
import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useState } from 'react';
import { CityZoneFormats } from '../i18n/i18n-context';
import { api } from '../telemetry/api-client';

/** The cities the room watches (`GET /api/cities`), its own first. */
export interface RoomCities {
  readonly cities: readonly City[];
  /** The room's own city: the wall's clock, the shifts and the history ranges keep its time. */
  readonly home: City;
  readonly zone: CityZone;
}

const CitiesContext = createContext<RoomCities | null>(null);

const retryMs = 2_000; // the platform may be starting; a wall keeps asking until it answers

/**
 * Asks the platform once which cities it serves, and renders its children when it knows; until
 * then `waiting` (a wall that comes up before the server shows that it waits, not a blank map).
 * Below it every time is formatted in the room's zone (`useI18n().format`).
 */
export function CitiesProvider({ children, waiting }: { readonly children: ReactNode; readonly waiting: ReactNode }) {
  const [room, setRoom] = useState<RoomCities | null>(null);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      api
        .cities()
        .then(({ cities }) => {
          const home = cities[0];
          if (cancelled || home === undefined) return;
          setRoom({ cities, home, zone: home.zone });
        })
        .catch((error: unknown) => {
          if (cancelled) return;
          console.warn('Kendali: /api/cities not available yet; asking again', error);
          timer = setTimeout(ask, retryMs);
        });
    };
    ask();
    return () => {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
  if (room === null) return <>{waiting}</>;
  return (
    <CitiesContext.Provider value={room}>
      <CityZoneFormats zone={room.zone}>{children}</CityZoneFormats>
    </CitiesContext.Provider>
  );
}

/** The room's cities; only inside `CitiesProvider`. */
export function useCities(): RoomCities {
  const room = useContext(CitiesContext);
  if (room === null) throw new Error('useCities needs a CitiesProvider above it');
  return room;
}
