import { createHash, timingSafeEqual } from 'node:crypto';
import { alarmTopicPrefix, internalTopicPrefix, parseDeviceTopic, topicPrefix, type HookVerdict } from '@kendali/contracts';
import type { ConnectRefusal } from '../authenticate';
import { observerUsername, type Authenticator, type ClientIdentity, type ConnectRefused } from '../client-identity';
import { gateConnects } from '../connect-gate';
import { ConnectGuard, defaultConnectGuard, type ConnectGuardOptions, type ConnectLimiters } from '../connect-guard';
import { maySubscribe } from '../subscribe-acl';
import { checkPublishTopic } from '../topic-acl';
import { answerFilters } from './device-answers';
import { ingestFilters } from './external-ingest';
import { feedFilter } from './internal-feed';

/**
 * What an external broker's authentication or authorisation hook is told: `allow`, `deny`, or
 * `ignore` (not Kendali's to decide: the broker asks its next authenticator or authoriser).
 */
export type { HookVerdict } from '@kendali/contracts';

/** A CONNECT as the broker describes it: the client's credentials and its address. */
export interface HookConnect {
  readonly clientId: string;
  readonly username: string;
  /** Empty when the client sent none. */
  readonly password: string;
  /** The client's IP address (the real one, when the broker takes the PROXY protocol). */
  readonly peerhost: string;
}

/** A publish or a subscription the broker asks about. */
export interface HookAccess {
  readonly clientId: string;
  readonly username: string;
  /** `publish` or `subscribe`; anything else is refused. */
  readonly action: string;
  /** The topic published to, or the filter subscribed to (with or without its `$share/<group>/`). */
  readonly topic: string;
}

export interface HookPolicyOptions {
  /** Decides devices and observers, as for the embedded broker: the registry's credentials, the API's tokens. */
  readonly authenticator: Authenticator;
  /** Kendali's own user at the broker (its ingest workers and outbox); null = none is configured. */
  readonly service: { readonly username: string; readonly password: string } | null;
  /** Whether a device is enabled; undefined when no device has this id. */
  readonly deviceEnabled: (deviceId: string) => boolean | undefined;
  readonly connectGuard?: ConnectGuardOptions;
  /** Where failed connects are counted; absent = this node's memory. With several nodes behind the broker, pass shared ones. */
  readonly connectLimiters?: ConnectLimiters;
  /** A connect was refused (or left to the broker's next authenticator), with the reason. */
  readonly refused: (refusal: ConnectRefusal) => void;
}

/** Compares two secrets in constant time, whatever their lengths (their digests are compared). */
const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

const serviceChannels = new Set(['errors', 'commands', 'settings']);

/**
 * Kendali's rules for an external broker that asks over HTTP (EMQX's HTTP authenticator and
 * authoriser), the same as the embedded broker's: a device connects with its id and secret through
 * the same connect guard (its per-(device id, address) and per-address lock-outs keyed on the
 * client's address), publishes and subscribes as `topic-acl.ts` and `subscribe-acl.ts` say, and
 * Kendali's own user has the rights `device-accounts.ts` gives it in Mosquitto.
 *
 * Whatever concerns Kendali's clients or Kendali's topics is decided, refused unless allowed; a user
 * name Kendali does not know, on a topic no Kendali topic can match, is left to the broker (`ignore`).
 */
export class HookPolicy {
  readonly #options: HookPolicyOptions;
  readonly #gated: ReturnType<typeof gateConnects<{ readonly ok: true }>>;

  constructor(options: HookPolicyOptions) {
    this.#options = options;
    const { service, authenticator } = options;
    this.#gated = gateConnects(new ConnectGuard(options.connectGuard ?? defaultConnectGuard, options.connectLimiters), async (attempt): Promise<{ readonly ok: true } | ConnectRefused> => {
      if (service === null || attempt.username !== service.username) return authenticator(attempt);
      if (sameSecret(attempt.password?.toString('utf8') ?? '', service.password)) return { ok: true };
      return { ok: false, returnCode: 4, reason: `wrong password for Kendali's own user "${service.username}"` };
    });
  }

  async authenticate({ clientId, username, password, peerhost }: HookConnect): Promise<HookVerdict> {
    const decision = await this.#gated({ clientId, username, password: Buffer.from(password, 'utf8'), remoteAddress: peerhost });
    if (decision.ok) return 'allow';
    this.#options.refused({ clientId, username, remoteAddress: peerhost, reason: decision.reason });
    // A lock-out holds for everyone at that address; a stranger not locked out may be known to the broker's next authenticator.
    return decision.byGuard || this.#knows(username) ? 'deny' : 'ignore';
  }

  authorize({ clientId, username, action, topic }: HookAccess): HookVerdict {
    if (!this.#knows(username)) return mayReachKendali(topic) ? 'deny' : 'ignore';
    if (action !== 'publish' && action !== 'subscribe') return 'deny';
    if (username === this.#options.service?.username) return serviceMay(action, topic) ? 'allow' : 'deny';
    const identity = this.#identityOf(clientId, username);
    if (identity === undefined) return 'deny';
    if (action === 'subscribe') return maySubscribe(identity, topic) ? 'allow' : 'deny';
    try {
      checkPublishTopic(topic, identity);
      return 'allow';
    } catch {
      return 'deny';
    }
  }

  /** Kendali's own user, an observer, or a registered device (enabled or not). */
  #knows(username: string): boolean {
    return username === this.#options.service?.username || username === observerUsername || this.#options.deviceEnabled(username) !== undefined;
  }

  /** Whom a client of Kendali is at the broker; undefined for a device disabled since it connected, or one under another device's client id. */
  #identityOf(clientId: string, username: string): ClientIdentity | undefined {
    if (username === observerUsername) return { role: 'observer', name: clientId };
    if (this.#options.deviceEnabled(username) !== true) return undefined;
    // As at connect (mqtt-authenticator): a device's client id is its id, or starts with "<id>:".
    if (clientId !== username && !clientId.startsWith(`${username}:`)) return undefined;
    return { role: 'device', deviceId: username };
  }
}

/**
 * Could this topic or filter be, or match, one of Kendali's topics? Its first level is `kendali`, or
 * a wildcard (`#` and `+` match it; they never match a `$` topic [MQTT-4.7.2-1]).
 */
function mayReachKendali(topic: string): boolean {
  const first = withoutShare(topic).split('/', 1)[0];
  return first === topicPrefix.split('/', 1)[0] || first === '#' || first === '+';
}

/** A shared subscription's filter without `$share/<group>/` [MQTT-4.8.2]. */
const withoutShare = (filter: string) => (filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter);

/**
 * What Kendali's own user may do (as `serviceAcls` in Mosquitto): take in every device's telemetry,
 * status and answers, in their shared subscriptions or not (EMQX asks about the filter without
 * `$share/…`), send errors, commands, settings and alarms, and publish and follow the internal feed.
 */
function serviceMay(action: 'publish' | 'subscribe', topic: string): boolean {
  // The feed, a retiring ingest session's own marker (external-ingest.ts), and what ingest and api nodes take in.
  if (action === 'subscribe') return topic === feedFilter || topic.startsWith(`${internalTopicPrefix}/retire/`) || [...ingestFilters, ...answerFilters].some((filter) => filter === topic || withoutShare(filter) === topic);
  const parsed = parseDeviceTopic(topic);
  return (parsed !== undefined && serviceChannels.has(parsed.channel)) || topic.startsWith(`${alarmTopicPrefix}/`) || topic.startsWith(`${internalTopicPrefix}/`);
}
