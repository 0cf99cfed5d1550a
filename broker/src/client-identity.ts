/** The user name of internal read-only subscribers (observers); their password is an API token. */
export const observerUsername = 'kendali-observer';

/** Who a connected MQTT client is, decided at CONNECT by the injected authenticator. */
export type ClientIdentity =
  /** A registered device: publishes its own telemetry/status, subscribes to its own errors/commands. */
  | { readonly role: 'device'; readonly deviceId: string }
  /** A device awaiting approval (discovery mode): may only listen on its own errors/commands. */
  | { readonly role: 'pending'; readonly deviceId: string }
  /** An internal, read-only subscriber (e.g. another system mirroring telemetry). */
  | { readonly role: 'observer'; readonly name: string };

/** MQTT 3.1.1 CONNACK return codes Kendali refuses with (§3.2.2.3). */
export type RefusalCode = 2 | 3 | 4 | 5; // identifier rejected | server unavailable | bad user name or password | not authorised

export interface ConnectRefused {
  readonly ok: false;
  readonly returnCode: RefusalCode;
  readonly reason: string;
}

export type ConnectDecision = { readonly ok: true; readonly identity: ClientIdentity } | ConnectRefused;

export interface ConnectAttempt {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly password: Buffer | undefined;
  readonly remoteAddress: string;
}

export type Authenticator = (attempt: ConnectAttempt) => Promise<ConnectDecision>;
