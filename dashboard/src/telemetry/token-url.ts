/** Query parameter a wall display's address carries its token in (`/wall?token=…`). */
const tokenQueryKey = 'token';

export interface TakenToken {
  /** The token found in the address, or null when there was none (or it was empty). */
  readonly token: string | null;
  /** The same address without the token, to put back with history.replaceState. */
  readonly url: string;
  /** Whether `url` differs from the address given (the token parameter was present). */
  readonly changed: boolean;
}

/**
 * Takes `?token=` out of a page address, keeping every other parameter and the hash, so the
 * token does not stay visible on a wall or in a screenshot. Returns a path-relative URL.
 */
export function takeTokenFromUrl(href: string): TakenToken {
  const url = new URL(href, 'http://localhost');
  if (!url.searchParams.has(tokenQueryKey)) return { token: null, url: `${url.pathname}${url.search}${url.hash}`, changed: false };
  const token = url.searchParams.get(tokenQueryKey)?.trim() ?? '';
  url.searchParams.delete(tokenQueryKey);
  return { token: token === '' ? null : token, url: `${url.pathname}${url.search}${url.hash}`, changed: true };
}

/** Adds the token to a GET address for EventSource, which cannot send an Authorization header. */
export function withTokenQuery(path: string, token: string): string {
  const [base = '', hash] = path.split('#', 2);
  const separator = base.includes('?') ? '&' : '?';
  return `${base}${separator}${tokenQueryKey}=${encodeURIComponent(token)}${hash === undefined ? '' : `#${hash}`}`;
}
