import { Type, type Static } from 'typebox';
import type { ApiToken } from './api-answers';
import { ConnectionStateSchema, DeviceMetadataSchema } from './device';
import { DeviceKindSchema, ReadingSchema } from './reading';
import { List, Message, Nullable, StringEnum } from './schema-builders';

/**
 * Wall screens. A display credential reads only what `/wall` shows (the live stream, the live
 * device list, the cities and kinds); it never reads the registry or the audit log, never writes.
 * A wall gets one by pairing: it shows a short code, an admin confirms the code on `/ops/displays`.
 */

/** Letters and digits no one misreads across a room: no 0/O, 1/I/L, 5/S, 8/B, 2/Z, U/V. */
export const pairingCodeAlphabet = 'ACDEFGHJKMNPQRTWXY34679';
export const pairingCodeLength = 8;
/** The code as a wall shows it, `ACDE-FGHJ`; typed in any case, with or without the dash or spaces. */
export const pairingCodePattern = `^[${pairingCodeAlphabet}${pairingCodeAlphabet.toLowerCase()}]{4}[- ]?[${pairingCodeAlphabet}${pairingCodeAlphabet.toLowerCase()}]{4}$`;

/** A wall screen's credential as listed (the credential itself reaches the wall once, by pairing). */
export const DisplaySchema = Message({
  id: Type.String(),
  name: Type.String({ description: 'Where it hangs, e.g. "Wall 1, LIVE Room"' }),
  /** ms epoch */
  createdAt: Type.Number(),
  createdBy: Type.String({ description: 'Who confirmed its pairing' }),
  /** ms epoch: from then on the credential is refused and the wall asks to be paired again. */
  expiresAt: Type.Number(),
  /** ms epoch of its last request, or null before its first. */
  lastSeenAt: Nullable(Type.Number()),
  /** ms epoch it was revoked at, or null while it may be used. */
  revokedAt: Nullable(Type.Number()),
});
export type Display = Static<typeof DisplaySchema>;

/** Who a wall screen acts as, in the shape whoami gives every credential: a viewer owned by the admin who paired it. */
export const displayIdentity = (display: Display): ApiToken => ({
  id: display.id,
  name: display.name,
  role: 'viewer',
  createdAt: new Date(display.createdAt).toISOString(),
  revoked: false,
  owner: display.createdBy,
  expiresAt: new Date(display.expiresAt).toISOString(),
});

/** `POST /api/displays/pairings`: the code a wall shows, and the secret id it asks with until an admin confirms. */
export const DisplayPairingSchema = Message({
  code: Type.String({ description: 'What the wall shows, e.g. "ACDE-FGHJ"' }),
  pollId: Type.String({ description: 'Secret: ask GET /api/displays/pairings/{pollId} with it; never show it' }),
  /** ms epoch: the code is forgotten then; the wall asks for a new one. */
  expiresAt: Type.Number(),
  /** How often to ask, ms. */
  pollIntervalMs: Type.Integer(),
});
export type DisplayPairing = Static<typeof DisplayPairingSchema>;

/** `GET /api/displays/pairings/{pollId}`: still waiting, or paired with the credential (given this once). */
export const DisplayPairingStateSchema = Message({
  status: StringEnum(['waiting', 'paired'] as const),
  code: Type.String(),
  /** ms epoch the code is forgotten at. */
  expiresAt: Type.Number(),
  /** The display credential, once paired (this answer only): keep it and send it as a token. */
  credential: Nullable(Type.String()),
  display: Nullable(DisplaySchema),
});
export type DisplayPairingState = Static<typeof DisplayPairingStateSchema>;

export const maxDisplayValidDays = 400;

/** `POST /api/displays/pairings/{code}/confirm`: the wall's name and how long its credential lasts. */
export const DisplayPairingConfirmSchema = Message(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Where it hangs, e.g. "Wall 1, LIVE Room"' }),
    validDays: Type.Integer({ minimum: 1, maximum: maxDisplayValidDays, description: 'Days until the credential expires' }),
  },
  { additionalProperties: false },
);
export type DisplayPairingConfirm = Static<typeof DisplayPairingConfirmSchema>;

/**
 * `GET /api/live/devices`: a device as the live picture needs it (name, place, kind, state and newest
 * reading), without the registry's other facts; `metadata` keeps only what places a water post
 * against its Siaga levels (`gate`, `siaga3Cm`, `siaga2Cm`, `siaga1Cm`).
 */
export const LiveDeviceSchema = Message({
  id: Type.String(),
  kind: DeviceKindSchema,
  name: Type.String(),
  district: Type.String(),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  metadata: DeviceMetadataSchema,
  state: ConnectionStateSchema,
  lastSeen: Nullable(Type.Number()),
  latest: Nullable(ReadingSchema),
});
export type LiveDevice = Static<typeof LiveDeviceSchema>;
export const LiveDeviceListSchema = List(LiveDeviceSchema);

/** The keys of a device's metadata the live picture needs (Siaga levels of a water post). */
export const liveMetadataKeys = ['gate', 'siaga3Cm', 'siaga2Cm', 'siaga1Cm'] as const;
