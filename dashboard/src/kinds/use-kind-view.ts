import { useCallback, useState } from 'react';

/** What the kinds page shows beside the list: nothing chosen, one kind, or a new kind's editor. */
export type KindView = { readonly mode: 'none' } | { readonly mode: 'kind'; readonly kind: string } | { readonly mode: 'new' };

const kindKey = 'kind';
const newKey = 'new';

function viewFromAddress(): KindView {
  const params = new URLSearchParams(window.location.search);
  const kind = params.get(kindKey);
  if (kind) return { mode: 'kind', kind };
  return params.has(newKey) ? { mode: 'new' } : { mode: 'none' };
}

/** The view, kept in the address (`/devices/kinds?kind=…`, `?new`) so a kind's page can be shared. */
export function useKindView(): [KindView, (view: KindView) => void] {
  const [view, setView] = useState<KindView>(viewFromAddress);
  const change = useCallback((next: KindView) => {
    const url = new URL(window.location.href);
    url.searchParams.delete(kindKey);
    url.searchParams.delete(newKey);
    if (next.mode === 'kind') url.searchParams.set(kindKey, next.kind);
    if (next.mode === 'new') url.searchParams.set(newKey, '');
    window.history.replaceState(window.history.state, '', url);
    setView(next);
  }, []);
  return [view, change];
}
