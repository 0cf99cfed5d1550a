import type { Display, DisplayPairing, DisplayPairingConfirm, DisplayPairingState } from '@kendali/contracts';
import { json, noContent } from '../telemetry/api-client';

/** Wall screens through the API: a wall pairs itself (public), admins confirm, list and revoke. */
export const displayApi = {
  beginPairing: () => json<DisplayPairing>('/api/displays/pairings', { method: 'POST' }),
  pairingState: (pollId: string) => json<DisplayPairingState>(`/api/displays/pairings/${encodeURIComponent(pollId)}`),
  confirm: (code: string, body: DisplayPairingConfirm) => json<Display>(`/api/displays/pairings/${encodeURIComponent(code.trim())}/confirm`, { method: 'POST', json: body }),
  list: () => json<Display[]>('/api/displays'),
  revoke: (id: string) => noContent(`/api/displays/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
