import { useCallback, useState } from 'react';

/** What the working area beside the list shows. */
export type Panel = { readonly mode: 'none' } | { readonly mode: 'register' } | { readonly mode: 'import' } | { readonly mode: 'device'; readonly id: string };

const idKey = 'id';

function panelFromAddress(): Panel {
  const id = new URLSearchParams(window.location.search).get(idKey);
  return id ? { mode: 'device', id } : { mode: 'none' };
}

/** The panel, with the selected device in the address (`/devices?id=…`) so it can be bookmarked or shared. */
export function usePanel(): [Panel, (panel: Panel) => void] {
  const [panel, setPanel] = useState<Panel>(panelFromAddress);
  const change = useCallback((next: Panel) => {
    const url = new URL(window.location.href);
    if (next.mode === 'device') url.searchParams.set(idKey, next.id);
    else url.searchParams.delete(idKey);
    window.history.replaceState(window.history.state, '', url);
    setPanel(next);
  }, []);
  return [panel, change];
}
