/** Names of the server-sent events of `GET /api/live`; each `frame` carries a LiveFrame. */
export const liveEventNames = { frame: 'frame' } as const;
