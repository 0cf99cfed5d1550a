import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  readonly data: T | null;
  /** Why the last load failed (an ApiRequestError carries the API's code), or null. */
  readonly error: unknown;
  readonly loading: boolean;
  /** Loads again, keeping what is on screen until the answer comes. */
  reload(): void;
}

/**
 * One API answer kept on screen: loaded when `key` changes, when `reload` is called, and every
 * `refreshMs` if given. A late answer for an old key never overwrites a newer one.
 */
export function useResource<T>(key: string | null, load: () => Promise<T>, refreshMs = 0): Resource<T> {
  const [state, setState] = useState<{ key: string | null; data: T | null; error: unknown; loading: boolean }>({ key, data: null, error: null, loading: key !== null });
  const [version, setVersion] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    if (key === null) {
      setState({ key, data: null, error: null, loading: false });
      return undefined;
    }
    let cancelled = false;
    const run = () => {
      setState((s) => ({ ...s, key, loading: true, ...(s.key === key ? {} : { data: null, error: null }) }));
      loader
        .current()
        .then((data) => {
          if (!cancelled) setState({ key, data, error: null, loading: false });
        })
        .catch((failure: unknown) => {
          if (!cancelled) setState((s) => ({ ...s, key, error: failure, loading: false }));
        });
    };
    run();
    const timer = refreshMs > 0 ? setInterval(run, refreshMs) : null;
    return () => {
      cancelled = true;
      if (timer !== null) clearInterval(timer);
    };
  }, [key, version, refreshMs]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: current ? state.loading : true, reload };
}
