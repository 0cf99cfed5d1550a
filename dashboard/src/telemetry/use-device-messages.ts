import { useEffect, useState } from 'react';
import { api } from './api-client';
import type { MessageLogEntry } from './device-message-log';
import { addMessage, addRejectionHistory, isDeviceMessage, isRejectionList } from './device-message-log';
import { openEventStream } from './event-stream';
import type { LinkState } from './telemetry-source';

export interface DeviceMessages {
  readonly link: LinkState;
  readonly log: readonly MessageLogEntry[];
}

// An engineer waiting for a first message should not wait long: 0.5 s doubling to 3 s at most.
const retry = { firstMs: 500, mostMs: 3_000 } as const;

/** Follows `GET /api/devices/:id/messages` while `id` is set; reconnects by itself. */
export function useDeviceMessages(id: string | null): DeviceMessages {
  const [state, setState] = useState<DeviceMessages & { readonly id: string | null }>({ id, link: 'connecting', log: [] });

  useEffect(() => {
    setState({ id, link: 'connecting', log: [] });
    if (id === null) return undefined;
    return openEventStream(api.deviceMessagesPath(id), {
      retry,
      link: (link) => setState((s) => ({ ...s, link })),
      events: {
        rejections: (data) => {
          if (isRejectionList(data)) setState((s) => ({ ...s, log: addRejectionHistory(s.log, data) }));
        },
        message: (data) => {
          if (isDeviceMessage(data)) setState((s) => ({ ...s, log: addMessage(s.log, data) }));
        },
      },
    });
  }, [id]);

  return state.id === id ? state : { link: 'connecting', log: [] };
}
